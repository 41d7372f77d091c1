// Today: my next chats with their readiness, the follow-ups that are due (the thank-you first), my goals.
import { useEffect, useState } from "preact/hooks";
import { ApiProblem, answer, api, type Schemas } from "../api/client";
import { local, refresh, remembered } from "../data";
import { all } from "../store/local";
import { dueDay, followUpKind, when } from "../format";

type Chat = { meeting: Schemas["Meeting"]; contact: string | undefined; readiness: Schemas["Readiness"] | undefined };
type Data = { chats: Chat[]; followUps: Schemas["FollowUp"][]; goals: Schemas["Goal"][]; offline: boolean };

const UPCOMING = new Set(["planned", "confirmed"]);

/** Today, from the local store (brought up to date first, when the API can be reached). */
async function load(): Promise<Data> {
  const offline = (await refresh()) === false;
  const db = await local();
  const now = Date.now();
  const [meetings, contacts, followUps, goals] = await Promise.all([
    all(db, "meetings"),
    all(db, "contacts"),
    all(db, "follow_ups"),
    all(db, "goals"),
  ]);
  const names = new Map(contacts.map((contact) => [contact.id, contact.name]));
  const next = meetings
    .filter((m) => UPCOMING.has(m.status) && Date.parse(m.starts_at) + m.duration_minutes * 60_000 > now)
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))
    .slice(0, 5);
  const chats = await Promise.all(
    next.map(async (meeting) => ({
      meeting,
      contact: names.get(meeting.contact_id),
      // The API owns the readiness rules: asked for, and its last answer kept for offline use.
      readiness: await remembered(`readiness/${meeting.id}`, () =>
        answer(api.GET("/api/v1/meetings/{meeting_id}/readiness", { params: { path: { meeting_id: meeting.id } } })),
      ),
    })),
  );
  // Open follow-ups: the 24-hour thank-you first, then by due date.
  const open = followUps
    .filter((followUp) => followUp.done_at === null)
    .sort(
      (a, b) => Number(b.kind === "thank_you") - Number(a.kind === "thank_you") || a.due_at.localeCompare(b.due_at),
    );
  return { chats, followUps: open, goals: goals.filter((goal) => goal.status === "open"), offline };
}

export function Today() {
  const [data, setData] = useState<Data | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    load()
      .then(setData)
      .catch((error: unknown) => setProblem(error instanceof ApiProblem ? error.message : "Something went wrong."));
  }, []);

  if (problem) {
    return (
      <main class="screen">
        <p class="problem" role="alert">
          {problem}
        </p>
      </main>
    );
  }
  if (!data) {
    return <main class="screen" aria-busy="true" />;
  }
  return (
    <main class="screen stack">
      <h1>Today</h1>
      {data.offline && (
        <p class="notice" role="status">
          Offline: showing what this device last saw.
        </p>
      )}
      <section aria-labelledby="next-chats" class="stack">
        <h2 id="next-chats">Next chats</h2>
        {data.chats.length === 0 && <p class="empty">No chats planned. Who would you like to learn from?</p>}
        <ul class="cards">
          {data.chats.map(({ meeting, contact, readiness }) => (
            <li key={meeting.id} class="card">
              <p class="card-title">{meeting.title}</p>
              <p class="meta">
                {contact && <>{contact} · </>}
                <time dateTime={meeting.starts_at}>{when(meeting.starts_at)}</time> · {meeting.duration_minutes} min
              </p>
              {readiness && <ReadinessLine readiness={readiness} />}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="follow-ups" class="stack">
        <h2 id="follow-ups">Follow-ups</h2>
        {data.followUps.length === 0 && <p class="empty">Nothing to follow up. Well done.</p>}
        <ul class="cards">
          {data.followUps.map((followUp) => (
            <li key={followUp.id} class="card row">
              <span>{followUpKind(followUp.kind)}</span>
              <span class={new Date(followUp.due_at) < new Date() ? "due overdue" : "due"}>
                {new Date(followUp.due_at) < new Date() ? "Overdue since " : "Due "}
                {dueDay(followUp.due_at)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="goals" class="stack">
        <h2 id="goals">Goals</h2>
        {data.goals.length === 0 && <p class="empty">No open goals. What do you want out of your chats?</p>}
        <ul class="cards">
          {data.goals.map((goal) => (
            <li key={goal.id} class="card">
              <p class="card-title">{goal.title}</p>
              <p class="meta">
                {goal.progress.meetings} chats · {goal.progress.progressed} steps forward
              </p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

function ReadinessLine({ readiness }: { readiness: Schemas["Readiness"] }) {
  const next = readiness.checks.find((check) => check.applies && !check.passed);
  return (
    <div class="readiness">
      <meter min={0} max={100} low={60} high={90} optimum={100} value={readiness.score} aria-label="Readiness">
        {readiness.score}%
      </meter>
      <span>{readiness.ready ? "Ready" : `${readiness.score}% ready`}</span>
      {next && <p class="advice">{next.advice}</p>}
    </div>
  );
}
