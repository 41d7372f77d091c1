// Today: my next chats with their readiness, the follow-ups that are due (the thank-you first), my goals.
import { useEffect, useState } from "preact/hooks";
import { ApiProblem, answer, api, type Schemas } from "../api/client";
import { dueDay, followUpKind, when } from "../format";

type Chat = { meeting: Schemas["Meeting"]; readiness: Schemas["Readiness"] | null };
type Data = { chats: Chat[]; followUps: Schemas["FollowUp"][]; goals: Schemas["Goal"][] };

async function load(): Promise<Data> {
  const now = new Date().toISOString();
  const [meetings, followUps, goals] = await Promise.all([
    answer(api.GET("/api/v1/meetings", { params: { query: { from: now, order: "starts_at", limit: 10 } } })),
    answer(api.GET("/api/v1/follow-ups", { params: { query: { state: "open", limit: 20 } } })),
    answer(api.GET("/api/v1/goals", { params: { query: { status: "open", limit: 10 } } })),
  ]);
  const upcoming = meetings.items.filter((m) => m.status === "planned" || m.status === "confirmed").slice(0, 5);
  const chats = await Promise.all(
    upcoming.map(async (meeting) => ({
      meeting,
      readiness: await answer(
        api.GET("/api/v1/meetings/{meeting_id}/readiness", { params: { path: { meeting_id: meeting.id } } }),
      ).catch(() => null),
    })),
  );
  // The 24-hour thank-you first, then by due date (the API pages by due date).
  const byUrgency = [...followUps.items].sort(
    (a, b) => Number(b.kind === "thank_you") - Number(a.kind === "thank_you") || a.due_at.localeCompare(b.due_at),
  );
  return { chats, followUps: byUrgency, goals: goals.items };
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
      <section aria-labelledby="next-chats" class="stack">
        <h2 id="next-chats">Next chats</h2>
        {data.chats.length === 0 && <p class="empty">No chats planned. Who would you like to learn from?</p>}
        <ul class="cards">
          {data.chats.map(({ meeting, readiness }) => (
            <li key={meeting.id} class="card">
              <p class="card-title">{meeting.title}</p>
              <p class="meta">
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
