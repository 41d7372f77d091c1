// The devices logged in to my account: which one this is, when each was last used; end one, or all others.
import { answer, api, type Schemas } from "../../api/client";
import { Confirm } from "../confirm";
import { type Answered, Outcome, useAction, useAnswer } from "../online";
import { at } from "../../time";

type Session = Schemas["LoginSession"];
type Page = Schemas["LoginSessionPage"];

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "Mac"],
  [/Windows/, "Windows"],
  [/Linux/, "Linux"],
];

/** A device as a person calls it: the name it gave at login, or its browser and system read from its User-Agent. */
function deviceName(name: string | null): string {
  if (!name) {
    return "A device";
  }
  if (!name.startsWith("Mozilla/")) {
    return name;
  }
  const browser = BROWSERS.find(([pattern]) => pattern.test(name))?.[1] ?? "A browser";
  const system = SYSTEMS.find(([pattern]) => pattern.test(name))?.[1];
  return system ? `${browser} on ${system}` : browser;
}

function SessionItem({ session, sessions }: { session: Session; sessions: Answered<Page> }) {
  const action = useAction();
  const end = () =>
    action.run(async () => {
      await answer(api.DELETE("/api/v1/auth/sessions/{session_id}", { params: { path: { session_id: session.id } } }));
      sessions.reload();
    });
  return (
    <li class="stack">
      <div>
        <p class="card-title">
          {deviceName(session.device_name)}
          {session.current && <span class="tag this-device">This device</span>}
        </p>
        <p class="meta">
          Logged in {at(session.created_at)} · last used {at(session.last_used_at)}
        </p>
      </div>
      {!session.current && (
        <Confirm
          label="End this session"
          question={`${deviceName(session.device_name)} is logged out at once.`}
          confirm="End it"
          busy={action.busy}
          onConfirm={end}
        />
      )}
      <Outcome done={null} general={action.problem?.message ?? null} />
    </li>
  );
}

export function Sessions() {
  const sessions = useAnswer("/api/v1/auth/sessions", () =>
    answer(api.GET("/api/v1/auth/sessions", { params: { query: { limit: 100 } } })),
  );
  const action = useAction();
  const list = sessions.data?.items ?? [];
  const others = list.filter((session) => !session.current).length;
  const endOthers = () =>
    action.run(async () => {
      await answer(api.DELETE("/api/v1/auth/sessions"));
      sessions.reload();
      return "Your other devices are logged out.";
    });
  return (
    <section class="card stack" aria-labelledby="sessions">
      <h2 id="sessions">Devices logged in</h2>
      {sessions.problem && (
        <p class="problem" role="alert">
          {sessions.problem}
        </p>
      )}
      {sessions.loaded && !sessions.data && !sessions.problem && (
        <p class="empty">Not seen on this device yet: connect to see where you are logged in.</p>
      )}
      {list.length > 0 && (
        <ul class="rows">
          {list.map((session) => (
            <SessionItem key={session.id} session={session} sessions={sessions} />
          ))}
        </ul>
      )}
      {others > 1 && (
        <Confirm
          label="End all other sessions"
          question={`Your ${others} other devices are logged out at once; this one stays logged in.`}
          confirm="End them"
          busy={action.busy}
          onConfirm={endOthers}
        />
      )}
      <Outcome done={action.done} general={action.problem?.message ?? null} />
    </section>
  );
}
