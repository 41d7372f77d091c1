import { describe, expect, it } from "vitest";
import { jsonAnswer, network, problem } from "../store/network.test-helpers";
import { ApiProblem, answer } from "./client";

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
