// The app's data: the local store (store/), filled by pull() from the API and kept for offline use.
// Screens read it and listen for changes (useLocal); every write is applied to it at once and queued in
// the outbox (save), which sync() sends when the network allows. What the API computes (readiness, the
// linter, stats) is asked for and its last answer kept (remembered).
import { ApiProblem, answer, api, authorize, isOffline, renewLogin } from "./api/client";
import { all, currentId, etagKey, forgetAll, forgetRows, type Held, type Kind, type Local, openLocal, type Row, type Write } from "./store/local";
import { enqueue, type Flushed, flush, isQueued } from "./store/outbox";
import { type Pulled, pull } from "./store/sync";
import { setTimeZone } from "./time";

export { all, currentId };
export type { Held, Kind, Row };

const ACCOUNT = "account";
// Set while this browser holds a login: an offline start opens the app on what the device last saw.
const LOGGED_IN = "logged_in";
const LAST_STAND_IN = "last_stand_in";
// My account's time zone, as it was last read: times are shown in it, offline too.
const TIME_ZONE = "time_zone";
let opened: Promise<Local> | null = null;

export function local(): Promise<Local> {
  opened ??= openLocal();
  return opened;
}

// --- Changes: screens read the store again when it changed ---------------------------------------
const listeners = new Set<() => void>();

export function onChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  listeners.forEach((listener) => listener());
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
  await keepTimeZone(me.timezone);
}

/** Show times in my account's time zone (GET /api/v1/me), from now on and in the next offline start. */
export async function keepTimeZone(zone: string): Promise<void> {
  setTimeZone(zone);
  await (await local()).put("meta", zone, TIME_ZONE);
}

/** Whether this browser held a login when it was last online (and its time zone, shown again if so). */
export async function heldALogin(): Promise<boolean> {
  const db = await local();
  setTimeZone(await db.get("meta", TIME_ZONE));
  return (await db.get("meta", LOGGED_IN)) !== undefined;
}

/** Log out: the copies go; unsent writes stay for this person's next login. */
export async function forget(): Promise<void> {
  const db = await local();
  await forgetRows(db);
  await db.delete("meta", LOGGED_IN);
}

// --- Reading ---------------------------------------------------------------------------------------

/** Bring the store up to date; false when the API cannot be reached (the store is shown as it is). */
export async function refresh(): Promise<Pulled | false> {
  const synced = await sync();
  return synced.offline ? false : (synced.pulled ?? false);
}

/** The API's answer to a computed read, or its last answer when the API cannot be reached. */
export async function remembered<T>(path: string, ask: () => Promise<T>): Promise<T | undefined> {
  const db = await local();
  try {
    const fresh = await ask();
    await db.put("answers", fresh, path);
    return fresh;
  } catch (problem) {
    if (!isOffline(problem)) {
      throw problem;
    }
    return (await db.get("answers", path)) as T | undefined;
  }
}

/**
 * One object as the API has it now, kept with its ETag (the version my next edit is made on); the local
 * copy when offline, or while a write of mine about it is still queued (the copy has it already).
 */
export async function fresh<K extends Kind>(
  kind: K,
  id: number,
  pathOf: (id: number) => string,
): Promise<Row<K> | undefined> {
  const db = await local();
  const now = await currentId(db, id);
  if (now >= 0 && !(await isQueued(db, kind, now))) {
    try {
      const response = await fetchAuthorized(new Request(new URL(pathOf(now), origin())));
      if (response.ok) {
        const row = (await response.json()) as Row<K>;
        const etag = response.headers.get("ETag");
        await db.put(kind, row as never);
        if (etag) {
          await db.put("meta", etag, etagKey(kind, now));
        }
        return row;
      }
      if (response.status === 404) {
        await db.delete(kind, now);
        return undefined;
      }
    } catch {
      // offline: the copy below
    }
  }
  return (await db.get(kind, now)) as Row<K> | undefined;
}

/** An object from the store, or asked of the API when this device has no copy yet (a link opened). */
export async function found<K extends Kind>(kind: K, id: number, pathOf: (id: number) => string): Promise<Row<K> | undefined> {
  const db = await local();
  const now = await currentId(db, id);
  return ((await db.get(kind, now)) as Row<K> | undefined) ?? (now > 0 ? fresh(kind, now, pathOf) : undefined);
}

export const MEETING = (id: number) => `/api/v1/meetings/${id}`;
export const CONTACT = (id: number) => `/api/v1/contacts/${id}`;

// --- Writing ---------------------------------------------------------------------------------------

type Save<K extends Kind> = {
  kind: K;
  method: Write["method"];
  path: string;
  body?: unknown;
  /** The object as it will be: shown at once, replaced by the API's answer when it comes. */
  row?: Row<K>;
  id?: number;
};

/** A stand-in id (below zero) for an object made on this device, until the API gives it its own. */
export async function standInId(): Promise<number> {
  const db = await local();
  const next = Number((await db.get("meta", LAST_STAND_IN)) ?? "0") - 1;
  await db.put("meta", String(next), LAST_STAND_IN);
  return next;
}

/** Apply a write to the local store, queue it for the API, and send it now if the network allows. */
export async function save<K extends Kind>({ kind, method, path, body, row, id }: Save<K>): Promise<string> {
  const db = await local();
  const target = id ?? (row as { id?: number } | undefined)?.id;
  const queuedBefore = target !== undefined && (await isQueued(db, kind, target));
  const ifMatch = target !== undefined && target >= 0 ? await db.get("meta", etagKey(kind, target)) : undefined;
  if (method === "DELETE" && target !== undefined) {
    await db.delete(kind, target);
  } else if (row) {
    await db.put(kind, row as never);
  }
  const queued = await enqueue(db, {
    method,
    path,
    body,
    kind,
    ...(target === undefined ? {} : { id: target }),
    ...(method !== "POST" && queuedBefore ? { follows: true } : {}),
    ...(method !== "POST" && !queuedBefore && ifMatch ? { ifMatch } : {}),
  });
  changed();
  void sync().catch(() => undefined);
  return queued.key;
}

/**
 * A form's write: saved as ``save`` does, then, when the network allows, the API's answer awaited. A
 * refusal (a 422 naming the fields) comes back as the problem to show in the form, and the write is let go;
 * offline, it stays queued and null comes back (the form is done; the write is sent later).
 */
export async function submit<K extends Kind>(write: Save<K>): Promise<ApiProblem | null> {
  const key = await save(write);
  await sync().catch(() => undefined);
  const refused = (await heldWrites()).find((held) => held.write.key === key && held.status !== 412);
  if (refused?.problem) {
    await dismiss(refused.key);
    return new ApiProblem(refused.problem);
  }
  return null;
}

// --- Sync: the outbox sent, then what changed on the server pulled --------------------------------

export type Synced = { offline: boolean; flushed?: Flushed; pulled?: Pulled; held: number };
let syncing: Promise<Synced> | null = null;
let again = false;
let unreachable = false;

/** Whether the last sync found no network (the screens say they show what this device last saw). */
export function lastSyncOffline(): boolean {
  return unreachable;
}

function origin(): string {
  return globalThis.location?.origin ?? "http://localhost";
}

/** A request with the access token; a 401 renews the login once and sends it again. */
async function fetchAuthorized(request: Request): Promise<Response> {
  const response = await fetch(authorize(request.clone()));
  if (response.status === 401 && (await renewLogin())) {
    return fetch(authorize(request));
  }
  return response;
}

/**
 * Send my queued writes in order, then bring the store up to date: one run at a time (a call made while
 * one runs runs once more after it). Pulled only when nothing of mine is left queued, so that the copy
 * keeps my unsent edits.
 */
export function sync(): Promise<Synced> {
  if (syncing) {
    again = true;
    return syncing;
  }
  syncing = (async () => {
    let synced: Synced;
    do {
      again = false;
      synced = await syncOnce();
    } while (again && !synced.offline);
    if (unreachable !== synced.offline) {
      unreachable = synced.offline;
      changed();
    }
    retryLater(synced);
    return synced;
  })().finally(() => {
    syncing = null;
  });
  return syncing;
}

let retry: ReturnType<typeof setTimeout> | undefined;
let retryDelay = 0;

/**
 * Writes still queued after a failed try (a dropped answer, a server busy or restarting) are tried again
 * after 2, 4, 8... up to 60 seconds; a browser that knows it is offline waits for its `online` event.
 */
function retryLater(synced: Synced): void {
  clearTimeout(retry);
  const stopped = synced.flushed?.stopped;
  if (stopped === "offline" || stopped === "busy" || (synced.offline && stopped === undefined)) {
    if (globalThis.navigator?.onLine === false) {
      return;
    }
    retryDelay = Math.min(Math.max(retryDelay * 2, 2000), 60_000);
    retry = setTimeout(() => void sync().catch(() => undefined), retryDelay);
  } else {
    retryDelay = 0;
  }
}

async function syncOnce(): Promise<Synced> {
  const db = await local();
  const flushed = await flush(db, fetchAuthorized, { base: origin() });
  const held = await db.count("held");
  if (flushed.sent > 0 || flushed.held > 0) {
    changed();
  }
  if (flushed.stopped) {
    return { offline: flushed.stopped === "offline", flushed, held };
  }
  try {
    const pulled = await pull(db, api);
    if (pulled.changed > 0 || pulled.deleted > 0) {
      changed();
    }
    if (pulled.deferred) {
      again = true; // a write came meanwhile: send it, then pull
    }
    return { offline: false, flushed, pulled, held };
  } catch (problem) {
    if (isOffline(problem)) {
      return { offline: true, flushed, held };
    }
    throw problem;
  }
}

// --- Held writes: refused, or stale (412), for me to see and decide ---------------------------------

export async function heldWrites(): Promise<Array<Held & { key: number }>> {
  const db = await local();
  const tx = db.transaction("held");
  const found: Array<Held & { key: number }> = [];
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    found.push({ ...cursor.value, key: cursor.key });
  }
  return found;
}

/** A stale edit: keep my version (sent again on top of theirs) or theirs (mine is dropped). */
export async function decide(key: number, keep: "mine" | "theirs"): Promise<void> {
  const db = await local();
  const held = await db.get("held", key);
  if (!held) {
    return;
  }
  await db.delete("held", key);
  const { write } = held;
  if (keep === "mine") {
    const { seq: _seq, follows: _follows, ...again } = write;
    await enqueue(db, { ...again, ...(held.theirsEtag ? { ifMatch: held.theirsEtag } : {}) });
  } else if (write.kind && held.theirs && typeof held.theirs === "object") {
    await db.put(write.kind, held.theirs as never);
    if (held.theirsEtag && write.id !== undefined) {
      await db.put("meta", held.theirsEtag, etagKey(write.kind, write.id));
    }
  }
  changed();
  void sync();
}

/** A refused write, read: let go, and the object shown as the API has it. */
export async function dismiss(key: number): Promise<void> {
  const db = await local();
  const held = await db.get("held", key);
  await db.delete("held", key);
  const write = held?.write;
  if (write?.kind && write.id !== undefined) {
    if (write.id < 0) {
      await db.delete(write.kind, write.id); // made here, never saved
    } else if (write.method !== "POST") {
      const path = write.path;
      await fresh(write.kind, write.id, () => path);
    }
  }
  changed();
}
