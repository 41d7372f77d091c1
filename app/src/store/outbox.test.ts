import { beforeEach, describe, expect, it } from "vitest";
import { all, type Local, openLocal } from "./local";
import { BASE, jsonAnswer, network, problem } from "./network.test-helpers";
import { enqueue, flush } from "./outbox";

let db: Local;
let names = 0;

beforeEach(async () => {
  names += 1;
  db = await openLocal(`outbox-test-${names}`);
});

const noWait = async () => {};

/** A contacts API in memory that keeps Idempotency-Keys as the real one does: a replay is answered, not applied. */
function contactsApi() {
  const contacts = new Map<number, { id: number; name: string }>();
  const answered = new Map<string, Response>();
  let lastId = 0;
  return {
    contacts,
    async handle(request: Request): Promise<Response> {
      const key = request.headers.get("Idempotency-Key");
      if (key && answered.has(key)) {
        return answered.get(key)!.clone();
      }
      const id = Number(new URL(request.url).pathname.split("/")[4]);
      if (request.method === "POST") {
        lastId += 1;
        const body = (await request.json()) as { name: string };
        contacts.set(lastId, { id: lastId, name: body.name });
        const response = jsonAnswer(201, contacts.get(lastId));
        if (key) answered.set(key, response.clone());
        return response;
      }
      if (request.method === "PATCH") {
        const body = (await request.json()) as { name: string };
        contacts.set(id, { id, name: body.name });
        return jsonAnswer(200, contacts.get(id));
      }
      if (request.method === "DELETE") {
        return contacts.delete(id) ? new Response(null, { status: 204 }) : problem(404, "not_found", "Nothing here.");
      }
      return jsonAnswer(200, contacts.get(id));
    },
  };
}

describe("flush", () => {
  it("sends the writes in the order they were made and keeps the API's answers", async () => {
    const server = contactsApi();
    const { fetch, requests } = network((request) => server.handle(request));
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: { name: "Priya" }, kind: "contacts" });
    await enqueue(db, { method: "PATCH", path: "/api/v1/contacts/1", body: { name: "Priya Shah" }, kind: "contacts", id: 1 });
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: { name: "Sam" }, kind: "contacts" });

    const flushed = await flush(db, fetch, { base: BASE, sleep: noWait });

    expect(flushed).toEqual({ sent: 3, held: 0 });
    expect(requests.map((r) => r.method)).toEqual(["POST", "PATCH", "POST"]);
    expect(await all(db, "contacts")).toEqual([
      { id: 1, name: "Priya Shah" },
      { id: 2, name: "Sam" },
    ]);
    expect(await db.count("outbox")).toBe(0);
  });

  it("replays a POST whose answer was lost with the same Idempotency-Key: the API holds it once", async () => {
    const server = contactsApi();
    let loseTheAnswer = true;
    const { fetch, requests } = network(async (request) => {
      const response = await server.handle(request);
      if (loseTheAnswer) {
        loseTheAnswer = false;
        throw new TypeError("Failed to fetch"); // the request reached the server; its answer did not come back
      }
      return response;
    });
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: { name: "Priya" }, kind: "contacts" });

    expect(await flush(db, fetch, { base: BASE })).toEqual({ sent: 0, held: 0, stopped: "offline" });
    expect(await flush(db, fetch, { base: BASE })).toEqual({ sent: 1, held: 0 });

    const keys = requests.map((r) => r.headers.get("Idempotency-Key"));
    expect(keys[0]).toBeTruthy();
    expect(keys).toEqual([keys[0], keys[0]]);
    expect([...server.contacts.values()]).toEqual([{ id: 1, name: "Priya" }]);
    expect(await all(db, "contacts")).toEqual([{ id: 1, name: "Priya" }]);
  });

  it("holds a stale edit (412) beside the server's version, and goes on with the next write", async () => {
    const { fetch } = network((request) => {
      if (request.method === "PATCH") {
        return problem(412, "precondition_failed", "The contact changed since you read it.");
      }
      if (request.method === "GET") {
        return jsonAnswer(200, { id: 1, name: "Priya (their edit)" });
      }
      return jsonAnswer(201, { id: 2, name: "Sam" });
    });
    await enqueue(db, {
      method: "PATCH",
      path: "/api/v1/contacts/1",
      body: { name: "Priya (my edit)" },
      ifMatch: '"v1"',
      kind: "contacts",
      id: 1,
    });
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: { name: "Sam" }, kind: "contacts" });

    expect(await flush(db, fetch, { base: BASE })).toEqual({ sent: 1, held: 1 });

    const [held] = await db.getAll("held");
    expect(held?.status).toBe(412);
    expect(held?.write.body).toEqual({ name: "Priya (my edit)" });
    expect(held?.theirs).toEqual({ id: 1, name: "Priya (their edit)" });
  });

  it("sends If-Match with an edit made on a known version", async () => {
    const { fetch, requests } = network(() => jsonAnswer(200, { id: 1, name: "Priya" }));
    await enqueue(db, { method: "PATCH", path: "/api/v1/contacts/1", body: { name: "Priya" }, ifMatch: '"v1"' });

    await flush(db, fetch, { base: BASE });

    expect(requests[0]!.headers.get("If-Match")).toBe('"v1"');
    expect(requests[0]!.headers.get("Idempotency-Key")).toBeNull(); // PATCH is idempotent as it is
  });

  it("holds a refused write (422) with the API's problem, to show", async () => {
    const { fetch } = network(() =>
      problem(422, "validation_failed", "The request body is not valid.", { name: ["Missing data for required field."] }),
    );
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: {}, kind: "contacts" });

    expect(await flush(db, fetch, { base: BASE })).toEqual({ sent: 0, held: 1 });

    const [held] = await db.getAll("held");
    expect(held?.problem?.errors).toEqual({ name: ["Missing data for required field."] });
    expect(await db.count("outbox")).toBe(0);
  });

  it("waits as Retry-After says when rate limited (429), then sends again", async () => {
    let limited = true;
    const { fetch, requests } = network(() => {
      if (limited) {
        limited = false;
        return problem(429, "rate_limited", "Too many requests.", undefined);
      }
      return jsonAnswer(201, { id: 1, name: "Priya" });
    });
    const waited: number[] = [];
    const sleep = async (ms: number) => {
      waited.push(ms);
    };
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: { name: "Priya" }, kind: "contacts" });

    const flushed = await flush(db, fetch, { base: BASE, sleep });

    expect(flushed).toEqual({ sent: 1, held: 0 });
    expect(waited).toEqual([1000]);
    expect(requests).toHaveLength(2);
  });

  it("stops on 401 and keeps every unsent write for after the next login", async () => {
    const { fetch } = network(() => problem(401, "token_expired", "The access token has expired."));
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: { name: "Priya" } });
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: { name: "Sam" } });

    expect(await flush(db, fetch, { base: BASE })).toEqual({ sent: 0, held: 0, stopped: "login" });
    expect(await db.count("outbox")).toBe(2);
  });

  it("counts a replayed DELETE's 404 as done", async () => {
    await db.put("contacts", { id: 1, name: "Priya" } as never);
    const { fetch } = network(() => problem(404, "not_found", "Nothing exists at this address."));
    await enqueue(db, { method: "DELETE", path: "/api/v1/contacts/1", kind: "contacts", id: 1 });

    expect(await flush(db, fetch, { base: BASE })).toEqual({ sent: 1, held: 0 });
    expect(await all(db, "contacts")).toEqual([]);
  });

  it("sends writes about an object made offline with the id the API gave it, and replaces its stand-in", async () => {
    const { fetch, requests } = network((request) => {
      if (request.method === "POST" && request.url.endsWith("/contacts")) {
        return jsonAnswer(201, { id: 7, name: "Priya" }, { ETag: '"c7-v1"' });
      }
      if (request.method === "PATCH") {
        return jsonAnswer(200, { id: 7, name: "Priya Shah" }, { ETag: '"c7-v2"' });
      }
      return jsonAnswer(201, { id: 3, contact_id: 7 });
    });
    await db.put("contacts", { id: -1, name: "Priya" } as never);
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: { name: "Priya" }, kind: "contacts", id: -1 });
    await enqueue(db, { method: "PATCH", path: "/api/v1/contacts/-1", body: { name: "Priya Shah" }, kind: "contacts", id: -1, follows: true });
    await enqueue(db, { method: "POST", path: "/api/v1/meetings", body: { contact_id: -1, goal_ids: [-1, 4] }, kind: "meetings", id: -2 });

    expect(await flush(db, fetch, { base: BASE })).toEqual({ sent: 3, held: 0 });

    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "POST /api/v1/contacts",
      "PATCH /api/v1/contacts/7",
      "POST /api/v1/meetings",
    ]);
    expect(requests[1]!.headers.get("If-Match")).toBe('"c7-v1"'); // on top of my own first write
    expect(await requests[2]!.json()).toEqual({ contact_id: 7, goal_ids: [7, 4] });
    expect(await all(db, "contacts")).toEqual([{ id: 7, name: "Priya Shah" }]);
  });

  it("holds a write about an object whose own POST was refused, without sending it", async () => {
    const { fetch, requests } = network(() => problem(422, "validation_failed", "The request body is not valid."));
    await enqueue(db, { method: "POST", path: "/api/v1/contacts", body: {}, kind: "contacts", id: -1 });
    await enqueue(db, { method: "PATCH", path: "/api/v1/contacts/-1", body: { name: "A" }, kind: "contacts", id: -1 });

    expect(await flush(db, fetch, { base: BASE })).toEqual({ sent: 0, held: 2 });
    expect(requests).toHaveLength(1);
  });
});
