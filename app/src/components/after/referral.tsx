// Whom they introduced me to: one of my contacts, or someone new.
import { useState } from "preact/hooks";
import type { ApiProblem } from "../../api/client";
import { Field, Select } from "../field";
import { type Row, standInId, submit } from "../../data";
import { errorsOf } from "../../forms";
import type { AfterTheChat } from "../../plan/after";

export function Referral({ data }: { data: AfterTheChat }) {
  const [existing, setExisting] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const meeting = data.meeting;

  async function record(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const entered = new FormData(form);
    const name = String(entered.get("referral_name") ?? "").trim();
    const company = String(entered.get("referral_company") ?? "").trim();
    const now = new Date().toISOString();
    let refused: ApiProblem | null;
    if (existing) {
      const contact = data.contacts.find((one) => one.id === Number(existing));
      refused = await submit({
        kind: "contacts",
        method: "POST",
        path: `/api/v1/meetings/${meeting.id}/referrals`,
        body: { contact_id: Number(existing) },
        ...(contact ? { row: { ...contact, referred_by_id: meeting.contact_id, source_meeting_id: meeting.id } } : {}),
      });
    } else {
      const id = await standInId();
      const row = {
        id,
        name,
        company: company || null,
        email: null,
        phone: null,
        title: null,
        industry: null,
        location: null,
        linkedin_url: null,
        how_met: null,
        notes: null,
        research_notes: null,
        tags: [],
        referred_by_id: meeting.contact_id,
        source_meeting_id: meeting.id,
        created_at: now,
        updated_at: now,
      } as Row<"contacts">;
      refused = await submit({
        kind: "contacts",
        method: "POST",
        path: `/api/v1/meetings/${meeting.id}/referrals`,
        body: { name, ...(company ? { company } : {}) },
        row,
        id,
      });
    }
    setProblem(refused);
    if (!refused) {
      setDone(existing ? "Introduction recorded." : `${name} added to your contacts.`);
      form.reset();
      setExisting("");
    }
  }

  const { field, general } = errorsOf(problem, ["name", "company", "contact_id"]);
  return (
    <section class="card stack" aria-labelledby="referral">
      <h2 id="referral">Whom did they introduce you to?</h2>
      {data.referred.length > 0 && (
        <p>
          Introduced: {data.referred.map((contact) => contact.name).join(", ")}
        </p>
      )}
      <form class="stack" onSubmit={record} noValidate>
        <Select
          label="Someone in my contacts"
          name="referral_existing"
          value={existing}
          onChange={(event) => setExisting(event.currentTarget.value)}
          choices={[{ value: "", label: "Someone new" }, ...data.contacts.map((contact) => ({ value: String(contact.id), label: contact.name }))]}
          error={field("contact_id")}
        />
        {!existing && (
          <>
            <Field label="Name" name="referral_name" error={field("name")} />
            <Field label="Company" name="referral_company" error={field("company")} />
          </>
        )}
        {general && (
          <p class="problem" role="alert">
            {general}
          </p>
        )}
        <button type="submit">Record the introduction</button>
        {done && (
          <p role="status" class="meta">
            {done}
          </p>
        )}
      </form>
    </section>
  );
}
