// The API as the app speaks to it: openapi-fetch typed by the types generated from openapi.yaml
// (schema.d.ts, `make app-sdk`). No request or answer type here is written by hand.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

/** An answer of the API that is a problem document (RFC 9457): what went wrong, for a person to read. */
export class ApiProblem extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = "ApiProblem";
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The API's messages about one field of the request, as one sentence; undefined when it named none. */
  field(name: string): string | undefined {
    const messages = this.problem.errors?.[name];
    if (messages === undefined) {
      return undefined;
    }
    return Array.isArray(messages) ? messages.map(String).join(" ") : String(messages);
  }
}

/** When the network or the server fails without a problem document: said in words, never as a status code. */
export function unreachable(): ApiProblem {
  return new ApiProblem({
    type: "about:blank",
    title: "No connection",
    status: 0,
    detail: "The server could not be reached. Check your connection and try again.",
    code: "service_unavailable",
  });
}

/** Whether ``error`` is the network failing (no answer from the API), not a refusal by the API. */
export function isOffline(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 0;
}

let accessToken: string | null = null;

/** The access token lives in memory only: a reload asks the API for a new one. */
export function setAccessToken(token: string | null): void {
  accessToken = token;
}

const bearer: Middleware = {
  onRequest({ request }) {
    if (accessToken && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${accessToken}`);
    }
    return request;
  },
};

// The API is on the app's own origin (outside a browser, in the unit tests, there is none).
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "http://localhost" });
api.use(bearer);

/** The data of an openapi-fetch result, or its problem thrown as an ApiProblem. */
export async function answer<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw unreachable();
  }
  const { data, error, response } = result;
  if (response.ok) {
    return data as T;
  }
  if (isProblem(error)) {
    throw new ApiProblem(error);
  }
  throw unreachable();
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "detail" in value && "status" in value;
}
