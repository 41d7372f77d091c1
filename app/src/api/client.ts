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

export function authorize(request: Request): Request {
  if (accessToken) {
    request.headers.set("Authorization", `Bearer ${accessToken}`);
  }
  return request;
}

// What to do when the API answers 401 to a request that carried a token: session.ts renews the login
// (once, for every request waiting) and says whether it could.
let renewer: (() => Promise<boolean>) | null = null;

export function renewLoginWith(renew: () => Promise<boolean>): void {
  renewer = renew;
}

/** After a 401: whether a new access token was got (the caller sends the request once more). */
export async function renewLogin(): Promise<boolean> {
  return renewer ? renewer() : false;
}

const MAX_WAIT_SECONDS = 60;
const MAX_WAITS = 3;

/** How long the API asked me to wait (Retry-After, in seconds), bounded, in milliseconds. */
export function retryAfter(response: Response): number {
  const seconds = Number(response.headers.get("Retry-After") ?? "1");
  return Math.min(Number.isFinite(seconds) && seconds >= 0 ? seconds : 1, MAX_WAIT_SECONDS) * 1000;
}

export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The requests as they were before fetch read their bodies, to send again after a 401 or a 429.
const originals = new WeakMap<Request, Request>();

const AUTH_PATHS = "/api/v1/auth/";

/**
 * Every request of the app: its access token; a 401 renews the login once and sends it again; a 429
 * (or a 503 with Retry-After) waits as the API says, a few times, before the answer is given up to.
 */
export function politeness(fetchAgain: (request: Request) => Promise<Response>, sleep = wait): Middleware {
  return {
    onRequest({ request }) {
      const authorized = authorize(request);
      originals.set(authorized, authorized.clone());
      return authorized;
    },
    async onResponse({ request, response }) {
      const original = originals.get(request);
      if (!original) {
        return response;
      }
      let answer = response;
      if (answer.status === 401 && !new URL(request.url).pathname.startsWith(AUTH_PATHS) && (await renewLogin())) {
        answer = await fetchAgain(authorize(original.clone()));
      }
      for (let waits = 0; waits < MAX_WAITS && isBusy(answer); waits += 1) {
        await sleep(retryAfter(answer));
        answer = await fetchAgain(authorize(original.clone()));
      }
      return answer;
    },
  };
}

function isBusy(response: Response): boolean {
  return response.status === 429 || (response.status === 503 && response.headers.has("Retry-After"));
}

// The API is on the app's own origin (outside a browser, in the unit tests, there is none).
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "http://localhost" });
api.use(politeness((request) => fetch(request)));

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
