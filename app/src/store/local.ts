// The local store: my data in IndexedDB (idb), one object store per kind that GET /api/v1/sync sends,
// so that screens open at once and work with no network. The API stays the owner of every rule:
// this is a copy, refreshed by pull() (sync.ts) and by the answers to my writes (outbox.ts).
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { Schemas } from "../api/client";

export const KINDS = [
  "contacts",
  "meetings",
  "meeting_questions",
  "question_banks",
  "questions",
  "goals",
  "outcomes",
  "follow_ups",
] as const;

export type Kind = (typeof KINDS)[number];
export type Row<K extends Kind> = Schemas["SyncChanges"][K][number];

/** A write that has not reached the API yet, in the order it was made (``seq``). */
export type Write = {
  seq?: number;
  method: "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  /** The ETag of the version the edit was made on: a newer one on the server makes it a 412. */
  ifMatch?: string;
  /** Made on top of an earlier write of mine still queued: sent with the ETag that write's answer gave. */
  follows?: boolean;
  /** Sent as Idempotency-Key: a replay after a lost answer is answered, never applied twice. */
  key: string;
  /** What the write is about, so that its answer can be kept and its conflict shown. */
  kind?: Kind;
  /** The object's id; for a POST made offline, the stand-in id (below zero) its answer replaces. */
  id?: number;
};

/** A write the API did not take: refused (its problem), or stale (412: the server's version beside mine). */
export type Held = {
  write: Write;
  status: number;
  problem?: Schemas["Problem"];
  theirs?: unknown;
  /** The ETag of the server's version: keeping mine sends it again on top of theirs. */
  theirsEtag?: string;
};

type Tables = { [K in Kind]: { key: number; value: Row<K> } };

export interface LocalSchema extends DBSchema, Tables {
  meta: { key: string; value: string };
  outbox: { key: number; value: Write };
  held: { key: number; value: Held };
  /** The last answer of a read the API computes (readiness, stats), by its path: shown while offline. */
  answers: { key: string; value: unknown };
}

export type Local = IDBPDatabase<LocalSchema>;

export function openLocal(name = "coffeechat"): Promise<Local> {
  return openDB<LocalSchema>(name, 1, {
    upgrade(db) {
      for (const kind of KINDS) {
        db.createObjectStore(kind, { keyPath: "id" });
      }
      db.createObjectStore("meta");
      db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
      db.createObjectStore("held", { autoIncrement: true });
      db.createObjectStore("answers");
    },
  });
}

export function all<K extends Kind>(db: Local, kind: K): Promise<Row<K>[]> {
  return db.getAll(kind) as Promise<Row<K>[]>;
}

/** The key in ``meta`` of the ETag of the version of an object I last saw. */
export function etagKey(kind: Kind, id: number): string {
  return `etag:${kind}:${id}`;
}

/** The key in ``meta`` of the id the API gave to an object made offline under a stand-in id. */
export function standInKey(id: number): string {
  return `id:${id}`;
}

/** The id an object has now: its stand-in's real id once the API has it, else the id itself. */
export async function currentId(db: Local, id: number): Promise<number> {
  if (id >= 0) {
    return id;
  }
  const real = await db.get("meta", standInKey(id));
  return real === undefined ? id : Number(real);
}

/** Where pull() got to: the last next_since of GET /api/v1/sync, in ``meta``. */
export const SINCE = "since";

/** Forget the copies (a sync token the API no longer knows, or logging out): unsent writes stay. */
export async function forgetRows(db: Local): Promise<void> {
  const stores = [...KINDS, "answers"] as const;
  const tx = db.transaction([...stores, "meta"], "readwrite");
  await Promise.all([...stores.map((store) => tx.objectStore(store).clear()), tx.objectStore("meta").delete(SINCE), tx.done]);
}

/** Forget everything, unsent writes too: another account logs in on this browser. */
export async function forgetAll(db: Local): Promise<void> {
  const tx = db.transaction([...KINDS, "answers", "meta", "outbox", "held"], "readwrite");
  await Promise.all([...tx.objectStoreNames].map((store) => tx.objectStore(store).clear()).concat(tx.done));
}
