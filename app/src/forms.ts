// A form's fields as the API takes them: text trimmed, an empty field null (cleared), tags a list.
import type { ApiProblem } from "./api/client";

export type Body = Record<string, string | number | boolean | string[] | null>;

/** The form's named text fields: an empty one is null. */
export function fields(form: HTMLFormElement, names: readonly string[]): Body {
  const data = new FormData(form);
  const body: Body = {};
  for (const name of names) {
    const value = String(data.get(name) ?? "").trim();
    body[name] = value === "" ? null : value;
  }
  return body;
}

/** "mentor, data ,  " -> ["mentor", "data"] */
export function tags(text: string | null | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** Only what differs from ``before``: an edit sends what I changed, so it never undoes another's change. */
export function changes(before: Record<string, unknown>, after: Body): Body {
  const changed: Body = {};
  for (const [name, value] of Object.entries(after)) {
    if (JSON.stringify(before[name] ?? null) !== JSON.stringify(value)) {
      changed[name] = value;
    }
  }
  return changed;
}

/** Only what is filled in: a new object leaves the rest to the API's defaults. */
export function filled(body: Body): Body {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null && value !== ""));
}

/** The API's message about each field, and its detail when it names none of them. */
export function errorsOf(problem: ApiProblem | null, names: readonly string[]) {
  const field = (name: string) => problem?.field(name);
  const named = names.some((name) => field(name) !== undefined);
  return { field, general: problem && !named ? problem.message : null };
}
