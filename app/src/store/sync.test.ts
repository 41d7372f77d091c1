import { beforeEach, describe, expect, it } from "vitest";
import { all, KINDS, type Local, openLocal } from "./local";
import { jsonAnswer, network, problem } from "./network.test-helpers";
import { enqueue } from "./outbox";
import { pull } from "./sync";

let db: Local;
let names = 0;

beforeEach(async () => {
  names += 1;
  db = await openLocal(`sync-test-${names}`);
});

const empty = Object.fromEntries(KINDS.map((kind) => [kind, []]));

function page(changes: Record<string, unknown[]>, next_since: string, has_more = false, deleted: unknown[] = []) {
  return jsonAnswer(200, { changes: { ...empty, ...changes }, deleted, next_since, has_more });
}

const contact = (id: number, name: string) => ({ id, name });

describe("pull", () => {
  it("does not apply a page over an edit of mine queued while it was on its way", async () => {
    await db.put("contacts", contact(1, "Priya (my edit)") as never);
    const { client } = network(async () => {
      await enqueue(db, { method: "PATCH", path: "/api/v1/contacts/1", body: { name: "Priya (my edit)" }, kind: "contacts", id: 1 });
      return page({ contacts: [contact(1, "Priya (before my edit)")] }, "t1");
    });

    const pulled = await pull(db, client);

    expect(pulled).toMatchObject({ deferred: true, changed: 0 });
    expect(await all(db, "contacts")).toEqual([contact(1, "Priya (my edit)")]);
    expect(await db.get("meta", "since")).toBeUndefined(); // the page comes again once my edit is sent
  });

  it("syncs everything page by page the first time, and keeps where it got to", async () => {
    const { client, requests } = network((request) =>
      new URL(request.url).searchParams.has("since")
        ? page({ contacts: [contact(3, "Sam")] }, "t2")
        : page({ contacts: [contact(1, "Priya"), contact(2, "Ana")], meetings: [{ id: 7 }] }, "t1", true),
    );

    const pulled = await pull(db, client);

    expect(pulled).toEqual({ full: true, pages: 2, changed: 4, deleted: 0 });
    expect((await all(db, "contacts")).map((c) => c.name)).toEqual(["Priya", "Ana", "Sam"]);
    expect(await db.get("meta", "since")).toBe("t2");
    expect(requests.map((r) => new URL(r.url).searchParams.get("since"))).toEqual([null, "t1"]);
  });

  it("then applies only what changed, deleted objects removed", async () => {
    let delta = false;
    const { client, requests } = network(() =>
      delta
        ? page({ contacts: [contact(1, "Priya Shah")] }, "t2", false, [{ type: "meetings", id: 7 }])
        : page({ contacts: [contact(1, "Priya")], meetings: [{ id: 7 }, { id: 8 }] }, "t1"),
    );
    await pull(db, client);
    delta = true;

    const pulled = await pull(db, client);

    expect(pulled).toEqual({ full: false, pages: 1, changed: 1, deleted: 1 });
    expect(await all(db, "contacts")).toEqual([contact(1, "Priya Shah")]);
    expect((await all(db, "meetings")).map((m) => m.id)).toEqual([8]);
    expect(new URL(requests[1]!.url).searchParams.get("since")).toBe("t1");
  });

  it("starts again from everything when the API no longer knows the sync token (410)", async () => {
    await db.put("contacts", contact(9, "Deleted long ago") as never);
    await db.put("meta", "very-old", "since");
    await db.put("meta", "42", "account");
    const { client } = network((request) =>
      new URL(request.url).searchParams.get("since") === "very-old"
        ? problem(410, "sync_token_expired", "Changes that old are no longer kept: sync again without since.")
        : page({ contacts: [contact(1, "Priya")] }, "t1"),
    );

    const pulled = await pull(db, client);

    expect(pulled.full).toBe(true);
    expect(await all(db, "contacts")).toEqual([contact(1, "Priya")]);
    expect(await db.get("meta", "since")).toBe("t1");
    expect(await db.get("meta", "account")).toBe("42"); // still this account's store
  });

  it("resumes after the last page it applied when the network drops mid-sync", async () => {
    let online = true;
    const { client, requests } = network((request) => {
      if (!online) {
        throw new TypeError("Failed to fetch");
      }
      const since = new URL(request.url).searchParams.get("since");
      online = since !== null; // the second page is lost the first time
      return since ? page({ contacts: [contact(2, "Ana")] }, "t2") : page({ contacts: [contact(1, "Priya")] }, "t1", true);
    });

    await expect(pull(db, client)).rejects.toMatchObject({ status: 0 });
    expect(await db.get("meta", "since")).toBe("t1");
    online = true;
    await pull(db, client);

    expect((await all(db, "contacts")).map((c) => c.id)).toEqual([1, 2]);
    expect(new URL(requests.at(-1)!.url).searchParams.get("since")).toBe("t1");
  });

  it("gives other problems to the caller, the store unchanged", async () => {
    await db.put("contacts", contact(1, "Priya") as never);
    const { client } = network(() => problem(401, "token_expired", "The access token has expired."));

    await expect(pull(db, client)).rejects.toMatchObject({ status: 401, message: "The access token has expired." });
    expect(await all(db, "contacts")).toEqual([contact(1, "Priya")]);
  });
});
