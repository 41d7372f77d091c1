// The login of the app: the web login mode of the API. The refresh token is an HttpOnly cookie that no
// script can read (scoped to /api/v1/auth/web); the access token lives in memory; each refresh sends the
// double-submit CSRF token that the API put in a readable cookie beside it.
import { answer, api, isOffline, renewLoginWith, setAccessToken } from "./client";

const CSRF_COOKIE = "csrf_refresh_token";

function csrfToken(): string {
  const pair = document.cookie.split("; ").find((cookie) => cookie.startsWith(`${CSRF_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : "";
}

/** Log in with email and password; the API's problem (a wrong password, too many tries) is thrown. */
export async function logIn(email: string, password: string): Promise<void> {
  const tokens = await answer(api.POST("/api/v1/auth/web/login", { body: { email, password } }));
  setAccessToken(tokens.access_token);
}

/** Whether the browser still holds a login: a new access token for it, or false when it has none. */
export async function resume(): Promise<boolean> {
  if (!csrfToken()) {
    return false;
  }
  try {
    const tokens = await answer(
      api.POST("/api/v1/auth/web/refresh", { params: { header: { "X-CSRF-TOKEN": csrfToken() } } }),
    );
    setAccessToken(tokens.access_token);
    return true;
  } catch (problem) {
    setAccessToken(null);
    if (isOffline(problem)) {
      throw problem; // offline: the login may well still stand
    }
    return false;
  }
}

const endings = new Set<() => void>();

/** Call ``listener`` when the login ends on its own (refused on renewal): the app asks to log in again. */
export function onLoginEnded(listener: () => void): () => void {
  endings.add(listener);
  return () => endings.delete(listener);
}

let renewing: Promise<boolean> | null = null;

/**
 * After a 401: one refresh for every request that got it at the same time (the refresh token rotates,
 * so two refreshes with one cookie would be one too many). False, and the login ended, when refused.
 */
export function renew(): Promise<boolean> {
  renewing ??= resume()
    .then(
      (renewed) => {
        if (!renewed) {
          endings.forEach((listener) => listener());
        }
        return renewed;
      },
      () => false, // offline: nothing is decided about the login
    )
    .finally(() => {
      renewing = null;
    });
  return renewing;
}

renewLoginWith(renew);

/** End this login on the server and forget its tokens here. */
export async function logOut(): Promise<void> {
  try {
    await answer(api.POST("/api/v1/auth/web/logout", { params: { header: { "X-CSRF-TOKEN": csrfToken() } } }));
  } finally {
    setAccessToken(null);
  }
}
