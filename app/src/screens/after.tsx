// Right after the chat: mark it held, note what I learned, record whom they introduced me to and what it
// did for my goals; the thank-you the API then owes appears, and follow-ups are ticked off here.
import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import type { ApiProblem } from "../api/client";
import { Field, Select, TextArea } from "../components/field";
import { FollowUps } from "../components/follow-ups";
import { Screen } from "../components/screen";
import { all, found, local, MEETING, type Row, save, standInId, submit } from "../data";
import { errorsOf } from "../forms";
import { useFresh, useLocal } from "../hooks";

async function load(param: string) {
  const db = await local();
  const meeting = await found("meetings", Number(param), MEETING);
  if (!meeting) {
    return null;
  }
  const [contacts, goals, outcomes, followUps] = await Promise.all([
    all(db, "contacts"),
    all(db, "goals"),
    all(db, "outcomes"),
    all(db, "follow_ups"),
  ]);
  return {
    meeting,
    contact: contacts.find((contact) => contact.id === meeting.contact_id),
    contacts: contacts.filter((contact) => contact.id !== meeting.contact_id).sort((a, b) => a.name.localeCompare(b.name)),
    referred: contacts.filter((contact) => contact.source_meeting_id === meeting.id),
    goals: goals.sort((a, b) => Number(b.status === "open") - Number(a.status === "open")),
    outcomes: outcomes.filter((outcome) => outcome.meeting_id === meeting.id),
    followUps: followUps.filter((followUp) => followUp.meeting_id === meeting.id),
  };
}

type Data = NonNullable<Awaited<ReturnType<typeof load>>>;

function Held({ meeting }: { meeting: Row<"meetings"> }) {
  const [debrief, setDebrief] = useState(meeting.debrief ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const completed = meeting.status === "completed";
  // The API decides whether it can be completed (not before it starts): its answer is awaited when online.
  const complete = async () => {
    const changes = { status: "completed" as const, ...(debrief.trim() ? { debrief } : {}) };
    const refused = await submit({ kind: "meetings", method: "PATCH", path: `/api/v1/meetings/${meeting.id}`, body: changes, row: { ...meeting, ...changes } });
    setProblem(refused?.message ?? null);
  };
  const keepDebrief = () => {
    if ((debrief.trim() || null) !== meeting.debrief) {
      const changes = { debrief: debrief.trim() || null };
      void save({ kind: "meetings", method: "PATCH", path: `/api/v1/meetings/${meeting.id}`, body: changes, row: { ...meeting, ...changes } });
    }
  };
  return (
    <section class="card stack" aria-labelledby="held">
      <h2 id="held">{completed ? "Held" : "Was it held?"}</h2>
      <TextArea
        label="What I learned"
        name="debrief"
        hint="How it fits you, whom to talk to next"
        rows={4}
        value={debrief}
        onInput={(event) => setDebrief(event.currentTarget.value)}
        onBlur={completed ? keepDebrief : undefined}
      />
      {completed ? (
        <p class="meta">Completed. Say thank you within a day.</p>
      ) : (
        <button type="button" class="primary" onClick={() => void complete()}>
          Mark the chat as held
        </button>
      )}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

function Referral({ data }: { data: Data }) {
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

const RESULTS = [
  { value: "progressed", label: "A step forward" },
  { value: "achieved", label: "Achieved" },
  { value: "no_progress", label: "No progress" },
];

function Outcome({ data }: { data: Data }) {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const meeting = data.meeting;
  if (data.goals.length === 0) {
    return null;
  }
  const goalTitle = (id: number) => data.goals.find((goal) => goal.id === id)?.title ?? "A goal";

  async function record(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const entered = new FormData(form);
    const id = await standInId();
    const now = new Date().toISOString();
    const body = { goal_id: Number(entered.get("goal_id")), result: String(entered.get("result")) as Row<"outcomes">["result"] };
    const refused = await submit({
      kind: "outcomes",
      method: "POST",
      path: `/api/v1/meetings/${meeting.id}/outcomes`,
      body,
      row: { id, meeting_id: meeting.id, notes: null, created_at: now, updated_at: now, ...body },
      id,
    });
    setProblem(refused);
  }

  const { field, general } = errorsOf(problem, ["goal_id", "result"]);
  return (
    <section class="card stack" aria-labelledby="outcome">
      <h2 id="outcome">What did it do for your goals?</h2>
      {data.outcomes.length > 0 && (
        <ul>
          {data.outcomes.map((outcome) => (
            <li key={outcome.id}>
              {goalTitle(outcome.goal_id)}: {RESULTS.find((result) => result.value === outcome.result)?.label}
            </li>
          ))}
        </ul>
      )}
      <form class="stack" onSubmit={record}>
        <Select
          label="Goal"
          name="goal_id"
          defaultValue={String(meeting.goal_ids[0] ?? data.goals[0]?.id)}
          choices={data.goals.map((goal) => ({ value: String(goal.id), label: goal.title }))}
          error={field("goal_id")}
        />
        <Select label="Result" name="result" choices={RESULTS} error={field("result")} />
        {general && (
          <p class="problem" role="alert">
            {general}
          </p>
        )}
        <button type="submit">Record the outcome</button>
      </form>
    </section>
  );
}

export function After() {
  const { params } = useRoute();
  const { data, problem, reload } = useLocal(() => load(params.id ?? ""), [params.id]);
  useFresh("meetings", Number(params.id), (id) => `/api/v1/meetings/${id}`, reload);
  if (data === null) {
    return (
      <Screen title="After the chat" back={{ href: "/app/", label: "Today" }}>
        <p class="empty">This chat is not here any more.</p>
      </Screen>
    );
  }
  return (
    <Screen title="After the chat" back={{ href: `/app/meetings/${params.id}`, label: "Chat" }} problem={problem} loading={!data}>
      {data && (
        <>
          <p class="meta">
            {data.meeting.title}
            {data.contact && <> · {data.contact.name}</>}
          </p>
          <Held meeting={data.meeting} />
          <section class="stack" aria-labelledby="follow-ups">
            <h2 id="follow-ups">Follow-ups</h2>
            <FollowUps followUps={data.followUps} empty="None yet: the thank-you appears once the chat is marked as held." />
          </section>
          <Referral data={data} />
          <Outcome data={data} />
        </>
      )}
    </Screen>
  );
}
