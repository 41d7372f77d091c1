// Plan a chat, or change one: whom, when (in my time zone), how long, where, and why.
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { ApiProblem } from "../api/client";
import { Field, Select, TextArea } from "../components/field";
import { Screen } from "../components/screen";
import { all, currentId, found, local, MEETING, type Row, standInId, submit } from "../data";
import { type Body, changes, errorsOf, fields, filled } from "../forms";
import { fromLocalInput, localInput, timeZone } from "../time";
import { useLocal } from "../hooks";

const TEXT = ["title", "location", "video_url", "agenda"] as const;
const NAMES = [...TEXT, "contact_id", "purpose", "starts_at", "duration_minutes", "goal_ids"];

async function load(id: string | undefined) {
  const db = await local();
  const [contacts, goals] = await Promise.all([all(db, "contacts"), all(db, "goals")]);
  const meeting = id ? ((await found("meetings", Number(id), MEETING)) ?? null) : undefined;
  return {
    meeting,
    contacts: contacts.sort((a, b) => a.name.localeCompare(b.name)),
    goals: goals.filter((goal) => goal.status === "open" || meeting?.goal_ids.includes(goal.id)),
  };
}

function newMeeting(id: number, body: Body, contactName: string): Row<"meetings"> {
  const now = new Date().toISOString();
  return {
    id,
    title: `Coffee chat with ${contactName}`,
    duration_minutes: 30,
    timezone: timeZone(),
    location: null,
    video_url: null,
    status: "planned",
    agenda: null,
    notes: null,
    debrief: null,
    two_way: false,
    goal_ids: [],
    completed_at: null,
    uid: "",
    sequence: 0,
    created_at: now,
    updated_at: now,
    ...body,
  } as unknown as Row<"meetings">;
}

/** Tomorrow at the next full hour: a starting point for a new chat. */
function tomorrow(): string {
  const start = new Date(Date.now() + 24 * 3600 * 1000);
  start.setMinutes(0, 0, 0);
  return start.toISOString();
}

export function MeetingForm() {
  const { params, query } = useRoute();
  const { route } = useLocation();
  const { data, problem: loadProblem } = useLocal(() => load(params.id), [params.id]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = params.id !== undefined;
  const meeting = data?.meeting;

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const entered = new FormData(form);
    const starts = String(entered.get("starts_at") ?? "");
    const body: Body = {
      ...fields(form, TEXT),
      contact_id: Number(entered.get("contact_id")),
      purpose: String(entered.get("purpose") ?? "informational"),
      starts_at: starts ? fromLocalInput(starts) : "",
      duration_minutes: Number(entered.get("duration_minutes") || 30),
      goal_ids: entered.getAll("goal_ids").map(String),
    };
    const goalIds = (body.goal_ids as string[]).map(Number);
    setBusy(true);
    let refused: ApiProblem | null;
    let id: number;
    if (meeting) {
      id = meeting.id;
      if (body.title === null) {
        delete body.title; // an emptied title keeps the one it has
      }
      const changed = changes(meeting, { ...body, goal_ids: goalIds as never });
      refused =
        Object.keys(changed).length === 0
          ? null
          : await submit({ kind: "meetings", method: "PATCH", path: `/api/v1/meetings/${id}`, body: changed, row: { ...meeting, ...changed } as Row<"meetings"> });
    } else {
      id = await standInId();
      const contactName = data?.contacts.find((contact) => contact.id === body.contact_id)?.name ?? "";
      const sent = { ...filled(body), goal_ids: goalIds as never }; // held in my account's time zone
      refused = await submit({ kind: "meetings", method: "POST", path: "/api/v1/meetings", body: sent, row: newMeeting(id, sent, contactName), id });
    }
    setBusy(false);
    setProblem(refused);
    if (!refused) {
      route(`/app/meetings/${await currentId(await local(), id)}`);
    }
  }

  const { field, general } = errorsOf(problem, NAMES);
  if (data && data.contacts.length === 0) {
    return (
      <Screen title="Plan a chat" back={{ href: "/app/", label: "Today" }}>
        <p class="empty">A chat is with one of your contacts: add the person first.</p>
        <a class="button primary" href="/app/contacts/new">
          Add a contact
        </a>
      </Screen>
    );
  }
  return (
    <Screen
      title={editing ? "Edit chat" : "Plan a chat"}
      back={editing ? { href: `/app/meetings/${params.id}`, label: "Chat" } : { href: "/app/", label: "Today" }}
      problem={loadProblem ?? general}
      loading={!data}
    >
      {data && editing && meeting === null ? (
        <p class="empty">This chat is not here any more.</p>
      ) : (
        data && (
          <form class="stack" onSubmit={save} noValidate>
            <Select
              label="With"
              name="contact_id"
              defaultValue={String(meeting?.contact_id ?? query.contact ?? data.contacts[0]?.id ?? "")}
              choices={data.contacts.map((contact) => ({ value: String(contact.id), label: contact.name }))}
              error={field("contact_id")}
            />
            <Field label="Title" name="title" defaultValue={meeting?.title ?? ""} hint="Leave empty for “Coffee chat with …”" error={field("title")} />
            <fieldset class="choices">
              <legend>Why you are meeting</legend>
              <label>
                <input type="radio" name="purpose" value="informational" defaultChecked={meeting?.purpose !== "job_search"} /> To learn
                (informational)
              </label>
              <label>
                <input type="radio" name="purpose" value="job_search" defaultChecked={meeting?.purpose === "job_search"} /> I am looking
                for a job there
              </label>
            </fieldset>
            <Field
              label="Starts"
              name="starts_at"
              type="datetime-local"
              required
              hint={`In your time zone, ${timeZone().replace(/_/g, " ")}`}
              defaultValue={localInput(meeting?.starts_at ?? tomorrow())}
              error={field("starts_at")}
            />
            <Field
              label="Length (minutes)"
              name="duration_minutes"
              type="number"
              inputMode="numeric"
              min={5}
              max={480}
              step={5}
              defaultValue={String(meeting?.duration_minutes ?? 30)}
              error={field("duration_minutes")}
            />
            <Field label="Place" name="location" defaultValue={meeting?.location ?? ""} error={field("location")} />
            <Field label="Video link" name="video_url" type="url" defaultValue={meeting?.video_url ?? ""} error={field("video_url")} />
            <TextArea label="Agenda" name="agenda" defaultValue={meeting?.agenda ?? ""} error={field("agenda")} />
            {data.goals.length > 0 && (
              <fieldset class="choices">
                <legend>Goals it works towards</legend>
                {data.goals.map((goal) => (
                  <label key={goal.id}>
                    <input type="checkbox" name="goal_ids" value={goal.id} defaultChecked={meeting?.goal_ids.includes(goal.id)} /> {goal.title}
                  </label>
                ))}
                {field("goal_ids") && <p class="field-error">{field("goal_ids")}</p>}
              </fieldset>
            )}
            <button type="submit" class="primary" disabled={busy}>
              {editing ? "Save" : "Plan chat"}
            </button>
          </form>
        )
      )}
    </Screen>
  );
}
