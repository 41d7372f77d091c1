// Today: my next chats with their readiness, the follow-ups that are due (the thank-you first), my goals.
import { answer, api, type Schemas } from "../api/client";
import { FollowUps } from "../components/follow-ups";
import { ReadinessLine } from "../components/readiness";
import { Screen } from "../components/screen";
import { all, lastSyncOffline, local, refresh, remembered } from "../data";
import { when } from "../time";
import { useLocal } from "../hooks";

type Chat = { meeting: Schemas["Meeting"]; contact: string | undefined; readiness: Schemas["Readiness"] | undefined };

const UPCOMING = new Set(["planned", "confirmed"]);

/** What Today shows, from the local store; ``offline`` when the API could not be reached to refresh it. */
async function load(offline: boolean) {
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
  const chats: Chat[] = await Promise.all(
    next.map(async (meeting) => ({
      meeting,
      contact: names.get(meeting.contact_id),
      // The API owns the readiness rules: asked for, and its last answer kept for offline use.
      readiness:
        meeting.id > 0
          ? await remembered(`readiness/${meeting.id}`, () =>
              answer(api.GET("/api/v1/meetings/{meeting_id}/readiness", { params: { path: { meeting_id: meeting.id } } })),
            ).catch(() => undefined)
          : undefined,
    })),
  );
  const open = followUps.filter((followUp) => followUp.done_at === null);
  return { chats, followUps: open, names, goals: goals.filter((goal) => goal.status === "open"), offline };
}

let refreshed: Promise<unknown> | null = null;

/** Whether the API could not be reached, the store brought up to date first at the start of the app. */
async function offline(): Promise<boolean> {
  refreshed ??= refresh().catch(() => undefined);
  await refreshed;
  return lastSyncOffline();
}

export function Today() {
  const { data, problem } = useLocal(async () => load(await offline()));
  return (
    <Screen
      title="Today"
      problem={problem}
      loading={!data}
      actions={
        <a class="button primary" href="/app/meetings/new">
          Plan a chat
        </a>
      }
    >
      {data?.offline && (
        <p class="notice" role="status">
          Offline: showing what this device last saw.
        </p>
      )}
      {data && (
        <>
          <section aria-labelledby="next-chats" class="stack">
            <h2 id="next-chats">Next chats</h2>
            {data.chats.length === 0 && <p class="empty">No chats planned. Who would you like to learn from?</p>}
            <ul class="cards">
              {data.chats.map(({ meeting, contact, readiness }) => (
                <li key={meeting.id}>
                  <a class="card card-link" href={`/app/meetings/${meeting.id}`}>
                    <span class="card-title">{meeting.title}</span>
                    <span class="meta">
                      {contact && <>{contact} · </>}
                      <time dateTime={meeting.starts_at}>{when(meeting.starts_at)}</time> · {meeting.duration_minutes} min
                    </span>
                    {readiness && <ReadinessLine readiness={readiness} />}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="follow-ups" class="stack">
            <h2 id="follow-ups">Follow-ups</h2>
            <FollowUps followUps={data.followUps} names={data.names} empty="Nothing to follow up. Well done." />
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
        </>
      )}
    </Screen>
  );
}
