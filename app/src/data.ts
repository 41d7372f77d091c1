// The app's data: the local store (store/), filled by pull() from the API and kept for offline use.
// Screens read it; what the API computes (readiness) is asked for and its last answer kept.
import { answer, api, isOffline } from "./api/client";
import { forgetAll, forgetRows, type Local, openLocal } from "./store/local";
import { type Pulled, pull } from "./store/sync";

const ACCOUNT = "account";
// Set while this browser holds a login: an offline start opens the app on what the device last saw.
const LOGGED_IN = "logged_in";
let opened: Promise<Local> | null = null;

export function local(): Promise<Local> {
  opened ??= openLocal();
  return opened;
}

/** After a login: the store is this account's (another account's copies and writes are forgotten). */
export async function adopt(): Promise<void> {
  const db = await local();
  const me = await answer(api.GET("/api/v1/me"));
  if ((await db.get("meta", ACCOUNT)) !== String(me.id)) {
    await forgetAll(db);
    await db.put("meta", String(me.id), ACCOUNT);
  }
  await db.put("meta", "yes", LOGGED_IN);
}

/** Whether this browser held a login when it was last online. */
export async function heldALogin(): Promise<boolean> {
  return (await (await local()).get("meta", LOGGED_IN)) !== undefined;
}

/** Bring the store up to date; false when the API cannot be reached (the store is shown as it is). */
export async function refresh(): Promise<Pulled | false> {
  try {
    return await pull(await local(), api);
  } catch (problem) {
    if (isOffline(problem)) {
      return false;
    }
    throw problem;
  }
}

/** Log out: the copies go; unsent writes stay for this person's next login. */
export async function forget(): Promise<void> {
  const db = await local();
  await forgetRows(db);
  await db.delete("meta", LOGGED_IN);
}

/** The API's answer to a computed read, or its last answer when the API cannot be reached. */
export async function remembered<T>(path: string, ask: () => Promise<T>): Promise<T | undefined> {
  const db = await local();
  try {
    const fresh = await ask();
    await db.put("answers", fresh, path);
    return fresh;
  } catch {
    return (await db.get("answers", path)) as T | undefined;
  }
}
