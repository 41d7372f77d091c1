// Add a contact, or edit one: saved on this device at once and sent to the API when the network allows.
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { ApiProblem } from "../api/client";
import { Field, TextArea } from "../components/field";
import { Screen } from "../components/screen";
import { CONTACT, currentId, found, local, type Row, standInId, submit } from "../data";
import { type Body, changes, errorsOf, fields, filled, tags } from "../forms";
import { useLocal } from "../hooks";

const TEXT = ["name", "email", "phone", "company", "title", "industry", "location", "linkedin_url", "how_met", "notes", "research_notes"] as const;

async function load(id: string | undefined): Promise<Row<"contacts"> | null> {
  if (!id) {
    return null;
  }
  return (await found("contacts", Number(id), CONTACT)) ?? null;
}

function newContact(id: number, body: Body): Row<"contacts"> {
  const now = new Date().toISOString();
  const empty = Object.fromEntries(TEXT.map((name) => [name, null]));
  return { ...empty, ...body, id, referred_by_id: null, source_meeting_id: null, created_at: now, updated_at: now } as Row<"contacts">;
}

export function ContactForm() {
  const { params } = useRoute();
  const { route } = useLocation();
  const { data: contact, problem: loadProblem } = useLocal(() => load(params.id), [params.id]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = params.id !== undefined;

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body: Body = { ...fields(form, TEXT), tags: tags(String(new FormData(form).get("tags") ?? "")) };
    setBusy(true);
    let refused: ApiProblem | null;
    let id: number;
    if (contact) {
      id = contact.id;
      const changed = changes(contact, body);
      refused =
        Object.keys(changed).length === 0
          ? null
          : await submit({ kind: "contacts", method: "PATCH", path: `/api/v1/contacts/${id}`, body: changed, row: { ...contact, ...changed } as Row<"contacts"> });
    } else {
      id = await standInId();
      refused = await submit({ kind: "contacts", method: "POST", path: "/api/v1/contacts", body: filled(body), row: newContact(id, body), id });
    }
    setBusy(false);
    setProblem(refused);
    if (!refused) {
      route(`/app/contacts/${await currentId(await local(), id)}`);
    }
  }

  const { field, general } = errorsOf(problem, [...TEXT, "tags"]);
  const value = (name: (typeof TEXT)[number]) => contact?.[name] ?? "";
  return (
    <Screen
      title={editing ? "Edit contact" : "New contact"}
      back={editing ? { href: `/app/contacts/${params.id}`, label: "Contact" } : { href: "/app/contacts", label: "Contacts" }}
      problem={loadProblem ?? general}
      loading={editing && contact === undefined}
    >
      {editing && contact === null ? (
        <p class="empty">This contact is not here any more.</p>
      ) : (
        <form class="stack" onSubmit={save} noValidate>
          <Field label="Name" name="name" required autocomplete="off" defaultValue={value("name")} error={field("name")} />
          <Field label="Company" name="company" defaultValue={value("company")} error={field("company")} />
          <Field label="Role" name="title" defaultValue={value("title")} error={field("title")} />
          <Field label="Industry" name="industry" defaultValue={value("industry")} error={field("industry")} />
          <Field label="Email" name="email" type="email" defaultValue={value("email")} error={field("email")} />
          <Field label="Phone" name="phone" type="tel" defaultValue={value("phone")} error={field("phone")} />
          <Field label="LinkedIn" name="linkedin_url" type="url" defaultValue={value("linkedin_url")} error={field("linkedin_url")} />
          <Field label="Location" name="location" defaultValue={value("location")} error={field("location")} />
          <Field label="Tags" name="tags" hint="Separated by commas" defaultValue={contact?.tags.join(", ") ?? ""} error={field("tags")} />
          <TextArea label="How we met" name="how_met" defaultValue={value("how_met")} error={field("how_met")} />
          <TextArea
            label="Research notes"
            name="research_notes"
            hint="What you read before meeting, so you don't ask it"
            rows={5}
            defaultValue={value("research_notes")}
            error={field("research_notes")}
          />
          <TextArea label="Notes" name="notes" defaultValue={value("notes")} error={field("notes")} />
          <button type="submit" class="primary" disabled={busy}>
            {editing ? "Save" : "Add contact"}
          </button>
        </form>
      )}
    </Screen>
  );
}
