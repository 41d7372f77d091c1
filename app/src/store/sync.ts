// pull(): the local store brought up to date by GET /api/v1/sync. The first time (or after the API
// forgot my sync token: 410), a full sync page by page; then only what changed since the last
// next_since, deleted objects (tombstones) removed. Each page is applied in one transaction with its
// next_since, so an interrupted pull resumes where it stopped; a page is not applied over a write of
// mine queued while it was on its way.
import type { Client } from "openapi-fetch";
import type { paths } from "../api/schema";
import { ApiProblem, answer } from "../api/client";
import { forgetRows, KINDS, type Kind, type Local, SINCE } from "./local";

const PAGE = 500;

export type Pulled = {
  full: boolean;
  pages: number;
  changed: number;
  deleted: number;
  /** A write of mine was queued while a page was on its way: the page was not applied over it. */
  deferred?: boolean;
};

function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value);
}

export async function pull(db: Local, api: Client<paths>): Promise<Pulled> {
  let since = await db.get("meta", SINCE);
  const pulled: Pulled = { full: since === undefined, pages: 0, changed: 0, deleted: 0 };
  for (;;) {
    let page;
    try {
      page = await answer(api.GET("/api/v1/sync", { params: { query: since ? { since, limit: PAGE } : { limit: PAGE } } }));
    } catch (problem) {
      if (problem instanceof ApiProblem && problem.status === 410 && since !== undefined) {
        // The API no longer keeps changes that old: start again from everything.
        await forgetRows(db);
        since = undefined;
        pulled.full = true;
        continue;
      }
      throw problem;
    }
    const kinds = KINDS.filter((kind) => page.changes[kind].length > 0);
    const tx = db.transaction([...KINDS, "meta", "outbox"], "readwrite");
    // The server's copy must not overwrite an edit of mine not yet sent: the caller sends it, then pulls.
    if ((await tx.objectStore("outbox").count()) > 0) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return { ...pulled, deferred: true };
    }
    const writes: Promise<unknown>[] = [];
    for (const kind of kinds) {
      for (const row of page.changes[kind]) {
        writes.push(tx.objectStore(kind).put(row as never));
        pulled.changed += 1;
      }
    }
    for (const tombstone of page.deleted) {
      if (isKind(tombstone.type)) {
        writes.push(tx.objectStore(tombstone.type).delete(tombstone.id));
        pulled.deleted += 1;
      }
    }
    writes.push(tx.objectStore("meta").put(page.next_since, SINCE));
    await Promise.all([...writes, tx.done]);
    since = page.next_since;
    pulled.pages += 1;
    if (!page.has_more) {
      return pulled;
    }
  }
}
