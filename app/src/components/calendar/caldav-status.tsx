// My linked calendar: where it is, when a push last ended, what waits and what failed; push now, change
// the link, or unlink it.
import { answer, api, type Schemas } from "../../api/client";
import { all, local } from "../../data";
import { useLocal } from "../../hooks";
import { Confirm } from "../confirm";
import { Outcome, useAction } from "../online";
import { at } from "../../time";

type Link = Schemas["CaldavLink"];

function pushed({ pushed, deleted, failed, pending }: Schemas["CaldavSync"]): string {
  const parts = [`${pushed} added or updated`, `${deleted} removed`];
  if (failed > 0) {
    parts.push(`${failed} failed again`);
  }
  return `Pushed: ${parts.join(", ")}.${pending > 0 ? ` ${pending} still to push: sync again.` : ""}`;
}

/** The titles of my chats, from this device's copy, to name the failed ones. */
async function titles(): Promise<Map<number, string>> {
  return new Map((await all(await local(), "meetings")).map((meeting) => [meeting.id, meeting.title]));
}

function Failures({ failures }: { failures: Link["failures"] }) {
  const { data: names } = useLocal(titles);
  if (failures.length === 0) {
    return null;
  }
  return (
    <div class="stack">
      <h3>Chats that could not be pushed</h3>
      <ul class="rows">
        {failures.map((failure, index) => (
          <li key={`${failure.meeting_id ?? "deleted"}-${index}`}>
            {failure.meeting_id === null ? (
              <span class="card-title">A deleted chat</span>
            ) : (
              <a class="text-link" href={`/app/meetings/${failure.meeting_id}`}>
                {names?.get(failure.meeting_id) ?? "A chat"}
              </a>
            )}
            <p class="problem">{failure.error}</p>
            <p class="meta">
              Tried <time dateTime={failure.attempted_at}>{at(failure.attempted_at)}</time>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

type Props = { link: Link; onChanged: () => void; onEdit: () => void; onUnlinked: () => void };

export function CaldavStatus({ link, onChanged, onEdit, onUnlinked }: Props) {
  const action = useAction();
  const sync = () =>
    action.run(async () => {
      const result = await answer(
        api.POST("/api/v1/calendar/caldav/sync", { params: { header: { "Idempotency-Key": crypto.randomUUID() } } }),
      );
      onChanged();
      return pushed(result);
    });
  const unlink = () =>
    action.run(async () => {
      await answer(api.DELETE("/api/v1/calendar/caldav"));
      onUnlinked();
    });
  return (
    <div class="stack">
      <dl class="details">
        <div>
          <dt>Calendar</dt>
          <dd>{link.calendar_name ?? "Unnamed calendar"}</dd>
        </div>
        <div>
          <dt>URL</dt>
          <dd>{link.url}</dd>
        </div>
        <div>
          <dt>Username</dt>
          <dd>{link.username}</dd>
        </div>
        <div>
          <dt>Last push</dt>
          <dd>{link.last_sync_at ? <time dateTime={link.last_sync_at}>{at(link.last_sync_at)}</time> : "Not yet"}</dd>
        </div>
        <div>
          <dt>Waiting</dt>
          <dd>{link.pending === 0 ? "Nothing: your calendar is up to date" : `${link.pending} chats to push`}</dd>
        </div>
        <div>
          <dt>Invitations</dt>
          <dd>{link.push_invitations ? "Pushed too" : "Left out"}</dd>
        </div>
      </dl>
      {link.last_error && (
        <p class="problem" role="alert">
          The last push failed: {link.last_error}
        </p>
      )}
      <Failures failures={link.failures} />
      <div class="actions">
        <button type="button" class="primary" disabled={action.busy} onClick={() => void sync()}>
          Sync now
        </button>
        <button type="button" onClick={onEdit}>
          Change
        </button>
      </div>
      <Confirm
        label="Unlink"
        question="The calendar is unlinked and its password forgotten; the events already in it stay there."
        confirm="Unlink the calendar"
        busy={action.busy}
        onConfirm={unlink}
      />
      <Outcome done={action.done} general={action.problem?.message ?? null} />
    </div>
  );
}
