// My next chats, from this device's copy: each links to its screen, where its .ics file is.
import { useEffect } from "preact/hooks";
import { all, local, refresh } from "../../data";
import { when } from "../../time";
import { useLocal } from "../../hooks";

const UPCOMING = new Set(["planned", "confirmed"]);

async function load() {
  const db = await local();
  const [meetings, contacts] = await Promise.all([all(db, "meetings"), all(db, "contacts")]);
  const names = new Map(contacts.map((contact) => [contact.id, contact.name]));
  const now = Date.now();
  return meetings
    .filter((meeting) => UPCOMING.has(meeting.status) && Date.parse(meeting.starts_at) + meeting.duration_minutes * 60_000 > now)
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))
    .map((meeting) => ({ meeting, contact: names.get(meeting.contact_id) }));
}

export function Upcoming() {
  const { data, problem } = useLocal(load);
  // The copy brought up to date (what changed since the last sync); the list follows when it changes.
  useEffect(() => void refresh().catch(() => undefined), []);
  return (
    <section class="card stack" aria-labelledby="upcoming">
      <h2 id="upcoming">Coming up</h2>
      <p class="hint">Open a chat to add it to your calendar as a file (.ics).</p>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      {data?.length === 0 && <p class="empty">No chats planned.</p>}
      {data && data.length > 0 && (
        <ul class="rows">
          {data.map(({ meeting, contact }) => (
            <li key={meeting.id}>
              <a class="row-link" href={`/app/meetings/${meeting.id}`}>
                <span class="card-title">{meeting.title}</span>
                <span class="meta">
                  {contact && <>{contact} · </>}
                  <time dateTime={meeting.starts_at}>{when(meeting.starts_at)}</time>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
