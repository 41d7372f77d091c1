// The outbox: every write goes here first, is applied to the local store at once by the screen that
// made it, and reaches the API in the order it was made, now or when the network returns.
//
// - A POST carries an Idempotency-Key, so a replay after a lost answer is answered from the API's record
//   and never applied twice; PATCH is idempotent as it is, and a replayed DELETE's 404 means done.
// - An object made offline has a stand-in id below zero until its POST is answered; later writes that
//   name it (in their path or an `..._id` field) are sent with the id the API gave it.
// - An edit carries If-Match with the ETag of the version it was made on (or, made on top of an earlier
//   queued write of mine, the ETag that write's answer gave).
// - 412 (someone changed it first): the write is held beside the server's version, for me to choose.
// - Another refusal (422, 409, 404...): held with the API's problem, to show.
// - 429 or 503: waits as Retry-After says, then tries again; 401: stops (the caller logs in again and
//   flushes; nothing is lost); no network: stops, and the next flush starts with the same write.
import { retryAfter, type Schemas, wait } from "../api/client";
import { etagKey, type Held, type Local, standInKey, type Write } from "./local";

export type Send = (request: Request) => Promise<Response>;
export type Flushed = { sent: number; held: number; stopped?: "offline" | "login" | "busy" };
type Options = { base: string; sleep?: (ms: number) => Promise<void>; maxWaits?: number };

export async function enqueue(db: Local, write: Omit<Write, "seq" | "key"> & { key?: string }): Promise<Write> {
  const entry: Write = { ...write, key: write.key ?? crypto.randomUUID() };
  entry.seq = await db.add("outbox", entry);
  return entry;
}

/** Whether a write about this object is still waiting to be sent. */
export async function isQueued(db: Local, kind: string, id: number): Promise<boolean> {
  const writes = await db.getAll("outbox");
  return writes.some((write) => write.kind === kind && write.id === id);
}

const STAND_IN = /\/(-\d+)(?=\/|$)/g;

/** The write as the API must see it: stand-in ids replaced by the ids the API gave; undefined when one has none. */
async function resolved(db: Local, write: Write): Promise<Write | undefined> {
  const ids = new Map<number, number>();
  const wanted = new Set<number>();
  for (const match of write.path.matchAll(STAND_IN)) {
    wanted.add(Number(match[1]));
  }
  const body = write.body as Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(body && typeof body === "object" ? body : {})) {
    if (name.endsWith("_id") && typeof value === "number" && value < 0) {
      wanted.add(value);
    } else if (name.endsWith("_ids") && Array.isArray(value)) {
      value.filter((id) => typeof id === "number" && id < 0).forEach((id: number) => wanted.add(id));
    }
  }
  if (write.id !== undefined && write.id < 0 && write.method !== "POST") {
    wanted.add(write.id);
  }
  for (const standIn of wanted) {
    const real = await db.get("meta", standInKey(standIn));
    if (real === undefined) {
      return undefined;
    }
    ids.set(standIn, Number(real));
  }
  if (ids.size === 0) {
    return write;
  }
  const real = (id: unknown) => (typeof id === "number" && ids.has(id) ? ids.get(id) : id);
  const path = write.path.replace(STAND_IN, (_, id: string) => `/${real(Number(id))}`);
  const newBody = body && typeof body === "object" ? { ...body } : body;
  if (newBody && typeof newBody === "object") {
    for (const [name, value] of Object.entries(newBody)) {
      if (name.endsWith("_id")) {
        newBody[name] = real(value);
      } else if (name.endsWith("_ids") && Array.isArray(value)) {
        newBody[name] = value.map(real);
      }
    }
  }
  const id = write.method === "POST" ? write.id : (real(write.id) as number | undefined);
  return { ...write, path, body: newBody, ...(id === undefined ? {} : { id }) };
}

async function request(db: Local, base: string, write: Write): Promise<Request> {
  const headers = new Headers({ Accept: "application/json" });
  if (write.method === "POST") {
    headers.set("Idempotency-Key", write.key);
  }
  const ifMatch = write.follows && write.kind && write.id !== undefined ? await db.get("meta", etagKey(write.kind, write.id)) : write.ifMatch;
  if (ifMatch) {
    headers.set("If-Match", ifMatch);
  }
  if (write.body !== undefined) {
    headers.set("Content-Type", "application/json");
  }
  const init: RequestInit = { method: write.method, headers };
  if (write.body !== undefined) {
    init.body = JSON.stringify(write.body);
  }
  return new Request(new URL(write.path, base), init);
}

async function json(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** Keep what the API answered for a write: the object as it is now (its stand-in replaced), or gone. */
async function applyAnswer(db: Local, write: Write, answer: unknown, etag: string | null): Promise<void> {
  if (!write.kind) {
    return;
  }
  const kind = write.kind;
  const tx = db.transaction([kind, "meta"], "readwrite");
  const rows = tx.objectStore(kind);
  const meta = tx.objectStore("meta");
  const done: Promise<unknown>[] = [];
  if (write.method === "DELETE") {
    if (write.id !== undefined) {
      done.push(rows.delete(write.id), meta.delete(etagKey(kind, write.id)));
    }
  } else if (typeof answer === "object" && answer !== null && "id" in answer) {
    const id = Number(answer.id);
    if (write.method === "POST" && write.id !== undefined && write.id < 0) {
      done.push(rows.delete(write.id), meta.put(String(id), standInKey(write.id)));
    }
    done.push(rows.put(answer as never));
    if (etag) {
      done.push(meta.put(etag, etagKey(kind, id)));
    }
  }
  await Promise.all([...done, tx.done]);
}

async function hold(db: Local, write: Write, held: Held): Promise<void> {
  const tx = db.transaction(["outbox", "held"], "readwrite");
  await Promise.all([tx.objectStore("held").add(held), tx.objectStore("outbox").delete(write.seq as number), tx.done]);
}

const NOT_SAVED: Schemas["Problem"] = {
  type: "about:blank",
  title: "Not saved",
  status: 409,
  detail: "This change was about something made on this device that could not be saved, so it was not sent.",
  code: "conflict",
};

export async function flush(db: Local, send: Send, { base, sleep = wait, maxWaits = 3 }: Options): Promise<Flushed> {
  const flushed: Flushed = { sent: 0, held: 0 };
  for (;;) {
    const cursor = await db.transaction("outbox").store.openCursor();
    if (!cursor) {
      return flushed;
    }
    const queued = cursor.value;
    const write = await resolved(db, queued);
    if (!write) {
      await hold(db, queued, { write: queued, status: NOT_SAVED.status, problem: NOT_SAVED });
      flushed.held += 1;
      continue;
    }
    let response: Response | undefined;
    for (let waits = 0; ; waits += 1) {
      try {
        response = await send(await request(db, base, write));
      } catch {
        return { ...flushed, stopped: "offline" };
      }
      if ((response.status !== 429 && response.status !== 503) || waits >= maxWaits) {
        break;
      }
      await sleep(retryAfter(response));
    }
    const status = response.status;
    if (response.ok || (write.method === "DELETE" && status === 404)) {
      await applyAnswer(db, write, response.ok ? await json(response) : undefined, response.headers.get("ETag"));
      await db.delete("outbox", write.seq as number);
      flushed.sent += 1;
    } else if (status === 401) {
      return { ...flushed, stopped: "login" };
    } else if (status === 429 || status >= 500) {
      return { ...flushed, stopped: "busy" };
    } else if (status === 412) {
      const current = await send(new Request(new URL(write.path, base), { headers: { Accept: "application/json" } }));
      const theirsEtag = current.headers.get("ETag") ?? undefined;
      await hold(db, write, {
        write,
        status,
        theirs: current.ok ? await json(current) : undefined,
        ...(theirsEtag ? { theirsEtag } : {}),
      });
      flushed.held += 1;
    } else {
      await hold(db, write, { write, status, problem: (await json(response)) as Schemas["Problem"] });
      flushed.held += 1;
    }
  }
}
