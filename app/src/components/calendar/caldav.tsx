// My CalDAV calendar (Nextcloud, Fastmail, iCloud...): my chats pushed to it as they change.
import { useState } from "preact/hooks";
import { ApiProblem, answer, api, type Schemas } from "../../api/client";
import { useAnswer } from "../online";
import { CaldavForm } from "./caldav-form";
import { CaldavStatus } from "./caldav-status";

type Link = Schemas["CaldavLink"];

/** My link, or null when no calendar is linked (the API's 404). */
async function readLink(): Promise<Link | null> {
  try {
    return await answer(api.GET("/api/v1/calendar/caldav"));
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) {
      return null;
    }
    throw problem;
  }
}

export function Caldav() {
  const link = useAnswer("/api/v1/calendar/caldav", readLink);
  const [editing, setEditing] = useState(false);
  const linked = (made: Link) => {
    link.replace(made);
    setEditing(false);
  };
  return (
    <section class="card stack" aria-labelledby="caldav">
      <h2 id="caldav">My CalDAV calendar</h2>
      <p class="hint">Link a calendar on a CalDAV server and your chats are written into it as they change.</p>
      {link.problem && (
        <p class="problem" role="alert">
          {link.problem}
        </p>
      )}
      {link.loaded && link.data === undefined && !link.problem && (
        <p class="empty">Not seen on this device yet: connect to see your calendar link.</p>
      )}
      {link.data === null || (link.data && editing) ? (
        <CaldavForm current={link.data} onLinked={linked} onCancel={editing ? () => setEditing(false) : undefined} />
      ) : (
        link.data && (
          <CaldavStatus link={link.data} onChanged={link.reload} onEdit={() => setEditing(true)} onUnlinked={() => link.replace(null)} />
        )
      )}
    </section>
  );
}
