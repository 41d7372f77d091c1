// My account as the API has it, and my edits of it made on the version I last read (If-Match), so that
// an edit never silently undoes a change made since on another device (the API answers 412).
import { ApiProblem, answer, api, type Schemas } from "../../api/client";

export type Me = Schemas["User"];

// The ETag of the account as I last read it.
let version: string | null = null;

function kept<T extends { response: Response }>(result: T): T {
  if (result.response.ok) {
    version = result.response.headers.get("ETag");
  }
  return result;
}

export function readMe(): Promise<Me> {
  return answer(api.GET("/api/v1/me").then(kept));
}

export function updateMe(body: Schemas["MeUpdate"]): Promise<Me> {
  const header = version ? { "If-Match": version } : {};
  return answer(api.PATCH("/api/v1/me", { body, params: { header } }).then(kept));
}

export function deleteMe(password: string): Promise<void> {
  return answer(api.DELETE("/api/v1/me", { body: { password } })).then(() => undefined);
}

/** What the screen shares about my account: the account, and what to do with a newer version of it. */
export type MeProps = { me: Me; onSaved: (me: Me) => void; onStale: () => void };

/** A 412: my copy was older than the API's; read it again (the form shows what is there now). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 412;
}
