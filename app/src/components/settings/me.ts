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

function updateMe(body: Schemas["MeUpdate"]): Promise<Me> {
  const header = version ? { "If-Match": version } : {};
  return answer(api.PATCH("/api/v1/me", { body, params: { header } }).then(kept));
}

export function deleteMe(password: string): Promise<void> {
  return answer(api.DELETE("/api/v1/me", { body: { password } })).then(() => undefined);
}

/** What the screen shares about my account: the account, and what to do with a newer version of it. */
export type MeProps = { me: Me; onSaved: (me: Me) => void; onStale: () => void };

/**
 * Save an edit of my account: the API's answer goes to ``onSaved``. A 412 (my copy was older than the
 * API's) reads it again (``onStale``, so the form shows what is there now) and is thrown for the form to say.
 */
export async function saveMe(body: Schemas["MeUpdate"], { onSaved, onStale }: Omit<MeProps, "me">): Promise<Me> {
  try {
    const saved = await updateMe(body);
    onSaved(saved);
    return saved;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 412) {
      onStale();
    }
    throw error;
  }
}
