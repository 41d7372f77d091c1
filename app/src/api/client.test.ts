import { describe, expect, it } from "vitest";
import { BASE, jsonAnswer, network, problem } from "../store/network.test-helpers";
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { ApiProblem, answer, politeness, renewLoginWith, setAccessToken } from "./client";

describe("answer", () => {
  it("gives the data of a 2xx answer", async () => {
    const { client } = network(() => jsonAnswer(200, { id: 1, name: "Ana", email: "ana@example.com" }));

    expect(await answer(client.GET("/api/v1/me"))).toMatchObject({ id: 1, name: "Ana" });
  });

  it("throws a problem document as an ApiProblem whose message is its detail", async () => {
    const { client } = network(() =>
      problem(422, "validation_failed", "The request body is not valid.", { password: ["Shorter than minimum length 10."] }),
    );

    const thrown = await answer(client.POST("/api/v1/auth/register", { body: { email: "a@b.c", password: "x", name: "A" } })).catch(
      (error: unknown) => error,
    );

    expect(thrown).toBeInstanceOf(ApiProblem);
    const apiProblem = thrown as ApiProblem;
    expect(apiProblem.message).toBe("The request body is not valid.");
    expect(apiProblem.status).toBe(422);
    expect(apiProblem.field("password")).toBe("Shorter than minimum length 10.");
    expect(apiProblem.field("email")).toBeUndefined();
  });

  it("says in words when the network fails or the answer is not a problem document", async () => {
    for (const handler of [
      () => {
        throw new TypeError("Failed to fetch");
      },
      () => new Response("<html>Bad gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } }),
    ]) {
      const { client } = network(handler);

      const thrown = (await answer(client.GET("/api/v1/me")).catch((error: unknown) => error)) as ApiProblem;

      expect(thrown.status).toBe(0);
      expect(thrown.message).toMatch(/could not be reached/);
      expect(thrown.message).not.toMatch(/\d{3}/); // never a raw status code
    }
  });
});

describe("politeness", () => {
  function politeClient(handler: (request: Request) => Response) {
    const requests: Request[] = [];
    const fetch = async (request: Request) => {
      requests.push(request.clone());
      return handler(request);
    };
    const waited: number[] = [];
    const client = createClient<paths>({ baseUrl: BASE, fetch });
    client.use(
      politeness(fetch, async (ms) => {
        waited.push(ms);
      }),
    );
    return { client, requests, waited };
  }

  it("renews the login once after a 401 and sends the request again with the new token", async () => {
    setAccessToken("old");
    let renewals = 0;
    renewLoginWith(async () => {
      renewals += 1;
      setAccessToken("new");
      return true;
    });
    const { client, requests } = politeClient((request) =>
      request.headers.get("Authorization") === "Bearer new"
        ? jsonAnswer(200, { id: 1, name: "Ana" })
        : problem(401, "token_expired", "The access token has expired."),
    );

    expect(await answer(client.GET("/api/v1/me"))).toMatchObject({ name: "Ana" });
    expect(renewals).toBe(1);
    expect(requests.map((r) => r.headers.get("Authorization"))).toEqual(["Bearer old", "Bearer new"]);
  });

  it("gives up after one renewal that fails: the 401 is the answer", async () => {
    setAccessToken("old");
    renewLoginWith(async () => false);
    const { client, requests } = politeClient(() => problem(401, "token_expired", "The access token has expired."));

    const thrown = (await answer(client.GET("/api/v1/me")).catch((error: unknown) => error)) as ApiProblem;

    expect(thrown.status).toBe(401);
    expect(requests).toHaveLength(1);
  });

  it("waits as Retry-After says on a 429 and reads again", async () => {
    let limited = 2;
    const { client, waited } = politeClient(() => {
      if (limited > 0) {
        limited -= 1;
        return jsonAnswer(429, { type: "about:blank", title: "Too Many Requests", status: 429, detail: "Slow down.", code: "rate_limited" }, { "Retry-After": "2" });
      }
      return jsonAnswer(200, { id: 1, name: "Ana" });
    });

    expect(await answer(client.GET("/api/v1/me"))).toMatchObject({ name: "Ana" });
    expect(waited).toEqual([2000, 2000]);
  });
});
