// Changes that need me: an edit made on a version someone changed since (412), with both versions side by
// side to choose from, and writes the API refused, with its reason.
import { type Held, decide, dismiss, heldWrites } from "../data";
import { Screen } from "../components/screen";
import { useLocal } from "../hooks";
import { label } from "../format";

type Entry = Held & { key: number };

export function Changes() {
  const { data: held, problem } = useLocal(heldWrites);
  return (
    <Screen title="Changes to review" back={{ href: "/app/", label: "Today" }} problem={problem} loading={!held}>
      {held?.length === 0 && <p class="empty">Nothing to review: every change is saved.</p>}
      <ul class="cards">
        {held?.map((entry) => (
          <li key={entry.key} class="card stack">
            {entry.status === 412 ? <Conflict entry={entry} /> : <Refused entry={entry} />}
          </li>
        ))}
      </ul>
    </Screen>
  );
}

function Conflict({ entry }: { entry: Entry }) {
  const mine = (entry.write.body ?? {}) as Record<string, unknown>;
  const theirs = (entry.theirs ?? {}) as Record<string, unknown>;
  const fields = Object.keys(mine).filter((name) => JSON.stringify(mine[name]) !== JSON.stringify(theirs[name]));
  const title = String(theirs.name ?? theirs.title ?? theirs.text ?? "This item");
  return (
    <>
      <p class="card-title">{title} was changed somewhere else after you edited it here.</p>
      <table class="versions">
        <caption class="visually-hidden">Your version and the saved version</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Yours</th>
            <th scope="col">Saved</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((name) => (
            <tr key={name}>
              <th scope="row">{label(name)}</th>
              <td>{shown(mine[name])}</td>
              <td>{shown(theirs[name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="primary" onClick={() => void decide(entry.key, "mine")}>
          Keep mine
        </button>
        <button type="button" onClick={() => void decide(entry.key, "theirs")}>
          Keep the saved one
        </button>
      </div>
    </>
  );
}

function Refused({ entry }: { entry: Entry }) {
  const errors = Object.entries(entry.problem?.errors ?? {});
  return (
    <>
      <p class="card-title">A change could not be saved.</p>
      <p>{entry.problem?.detail ?? "The server did not take it."}</p>
      {errors.length > 0 && (
        <ul>
          {errors.map(([name, messages]) => (
            <li key={name}>
              {label(name)}: {Array.isArray(messages) ? messages.join(" ") : String(messages)}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="button" onClick={() => void dismiss(entry.key)}>
          Let it go
        </button>
      </div>
    </>
  );
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === "") {
    return "(empty)";
  }
  return Array.isArray(value) ? value.join(", ") : String(value);
}
