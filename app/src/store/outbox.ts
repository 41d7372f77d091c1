// The outbox: every write goes here first, is applied to the local store at once by the screen that
// made it, and reaches the API in the order it was made, now or when the network returns.
//
// - A POST carries an Idempotency-Key, so a replay after a lost answer is answered from the API's record
//   and never applied twice; PATCH is idempotent as it is, and a replayed DELETE's 404 means done.
// - 412 (someone changed it first): the write is held beside the server's version, for me to choose.
// - Another refusal (422, 409, 404...): held with the API's problem, to show.
// - 429 or 503: waits as Retry-After says, then tries again; 401: stops (the caller logs in again and
//   flushes; nothing is lost); no network: stops, and the next flush starts with the same write.
import type { Schemas } from "../api/client";
import type { Held, Local, Write } from "./local";

export type Send = (request: Request) => Promise<Response>;
export type Flushed = { sent: number; held: number; stopped?: "offline" | "login" | "busy" };
type Options = { base: string; sleep?: (ms: number) => Promise<void>; maxWaits?: number };

const MAX_WAIT_SECONDS = 60;

export async function enqueue(db: Local, write: Omit<Write, "seq" | "key"> & { key?: string }): Promise<Write> {
  const entry: Write = { ...write, key: write.key ?? crypto.randomUUID() };
  entry.seq = await db.add("outbox", entry);
  return entry;
}

function request(base: string, write: Write): Request {
  const headers = new Headers({ Accept: "application/json" });
  if (write.method === "POST") {
    headers.set("Idempotency-Key", write.key);
  }
  if (write.ifMatch) {
    headers.set("If-Match", write.ifMatch);
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

function retryAfter(response: Response): number {
  const seconds = Number(response.headers.get("Retry-After") ?? "1");
  return Math.min(Number.isFinite(seconds) && seconds >= 0 ? seconds : 1, MAX_WAIT_SECONDS);
}

/** Keep what the API answered for a write: the object as it is now, or gone. */
async function applyAnswer(db: Local, write: Write, answer: unknown): Promise<void> {
  if (!write.kind) {
    return;
  }
  if (write.method === "DELETE") {
    if (write.id !== undefined) {
      await db.delete(write.kind, write.id);
    }
    return;
  }
  if (typeof answer === "object" && answer !== null && "id" in answer) {
    await db.put(write.kind, answer as never);
  }
}

async function hold(db: Local, write: Write, held: Held): Promise<void> {
  const tx = db.transaction(["outbox", "held"], "readwrite");
  await Promise.all([tx.objectStore("held").add(held), tx.objectStore("outbox").delete(write.seq as number), tx.done]);
}

export async function flush(db: Local, send: Send, { base, sleep = wait, maxWaits = 3 }: Options): Promise<Flushed> {
  const flushed: Flushed = { sent: 0, held: 0 };
  for (;;) {
    const cursor = await db.transaction("outbox").store.openCursor();
    if (!cursor) {
      return flushed;
    }
    const write = cursor.value;
    let response: Response | undefined;
    for (let waits = 0; ; waits += 1) {
      try {
        response = await send(request(base, write));
      } catch {
        return { ...flushed, stopped: "offline" };
      }
      if ((response.status !== 429 && response.status !== 503) || waits >= maxWaits) {
        break;
      }
      await sleep(retryAfter(response) * 1000);
    }
    const status = response.status;
    if (response.ok || (write.method === "DELETE" && status === 404)) {
      await applyAnswer(db, write, response.ok ? await json(response) : undefined);
      await db.delete("outbox", write.seq as number);
      flushed.sent += 1;
    } else if (status === 401) {
      return { ...flushed, stopped: "login" };
    } else if (status === 429 || status >= 500) {
      return { ...flushed, stopped: "busy" };
    } else if (status === 412) {
      const current = await send(new Request(new URL(write.path, base), { headers: { Accept: "application/json" } }));
      await hold(db, write, { write, status, theirs: current.ok ? await json(current) : undefined });
      flushed.held += 1;
    } else {
      await hold(db, write, { write, status, problem: (await json(response)) as Schemas["Problem"] });
      flushed.held += 1;
    }
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
