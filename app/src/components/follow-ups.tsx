// Follow-ups I owe, the 24-hour thank-you first, each ticked off with one tap.
import type { Schemas } from "../api/client";
import { save } from "../data";
import { followUpKind } from "../format";
import { dueDay } from "../time";

type FollowUp = Schemas["FollowUp"];

/** The thank-you first, then by when it is due. */
function inOrder(followUps: FollowUp[]): FollowUp[] {
  return [...followUps].sort(
    (a, b) => Number(b.kind === "thank_you") - Number(a.kind === "thank_you") || a.due_at.localeCompare(b.due_at),
  );
}

function markDone(followUp: FollowUp) {
  const changes = { done_at: new Date().toISOString() };
  void save({ kind: "follow_ups", method: "PATCH", path: `/api/v1/follow-ups/${followUp.id}`, body: changes, row: { ...followUp, ...changes } });
}

export function FollowUps({ followUps, names, empty }: { followUps: FollowUp[]; names?: Map<number, string>; empty: string }) {
  if (followUps.length === 0) {
    return <p class="empty">{empty}</p>;
  }
  const now = new Date();
  return (
    <ul class="cards">
      {inOrder(followUps).map((followUp) => {
        const overdue = followUp.done_at === null && new Date(followUp.due_at) < now;
        const who = names?.get(followUp.contact_id);
        return (
          <li key={followUp.id} class="card row">
            <span>
              <span class="card-title">{followUpKind(followUp.kind)}</span>
              {who && <span class="meta"> · {who}</span>}
              <br />
              <span class={overdue ? "due overdue" : "due"}>
                {followUp.done_at ? "Done " : overdue ? "Overdue since " : "Due "}
                {dueDay(followUp.done_at ?? followUp.due_at)}
              </span>
            </span>
            {followUp.done_at === null && (
              <button type="button" onClick={() => markDone(followUp)} aria-label={`Mark done: ${followUpKind(followUp.kind)}${who ? ` for ${who}` : ""}`}>
                Done
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
