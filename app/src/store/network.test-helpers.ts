// For the unit tests: a network that answers as the API documents, request by request.
import createClient from "openapi-fetch";
import type { paths } from "../api/schema";

export const BASE = "http://coffeechat.test";

export type Handler = (request: Request) => Response | Promise<Response>;

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? "application/problem+json" : "application/json";
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type, ...headers } });
}

export function problem(status: number, code: string, detail: string, errors?: Record<string, string[]>) {
  return jsonAnswer(status, { type: "about:blank", title: "Problem", status, detail, code, ...(errors ? { errors } : {}) });
}

/** The requests made, and a fetch that answers each with ``handler``. */
export function network(handler: Handler) {
  const requests: Request[] = [];
  const fetch = async (input: Request) => {
    requests.push(input.clone());
    return handler(input);
  };
  return { requests, fetch, client: createClient<paths>({ baseUrl: BASE, fetch }) };
}
