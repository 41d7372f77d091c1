// What the journeys share: a new person's account (made through the app, or through the JSON API as a
// phone app or a script would), and a screenshot and an accessibility check at each step.
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, type TestInfo } from "@playwright/test";

/** A real-world file from the API's own test fixtures (tests/fixtures: phones', LinkedIn's, calendars'). */
export const fixture = (path: string) => fileURLToPath(new URL(`../../tests/fixtures/${path}`, import.meta.url));

let people = 0;

export function newPerson() {
  people += 1;
  return { name: "Ana Example", email: `ana-${Date.now()}-${people}@example.com`, password: "correct horse battery" };
}

export async function signUp(page: Page, person = newPerson()) {
  await page.goto("/app/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  return person;
}

export async function logIn(page: Page, person: { email: string; password: string }) {
  await page.goto("/app/");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
}

/** A person with an account made through the JSON API, and that API as they would call it. */
export async function account(request: APIRequestContext) {
  const person = newPerson();
  expect((await request.post("/api/v1/auth/register", { data: person })).status()).toBe(201);
  const login = await request.post("/api/v1/auth/login", { data: { email: person.email, password: person.password } });
  const headers = { Authorization: `Bearer ${(await login.json()).access_token}` };
  const call = async (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, data?: unknown) => {
    const response = await request.fetch(path, { method, headers, ...(data === undefined ? {} : { data }) });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return response.status() === 204 ? undefined : response.json();
  };
  return { person, headers, call };
}

export type Account = Awaited<ReturnType<typeof account>>;

/** A contact and a chat with them tomorrow, as another device made them. */
export async function aChatTomorrow(
  api: Account,
  contact: Record<string, unknown> = { name: "Priya Shah", company: "Acme Design" },
  hoursFromNow = 26,
) {
  const made = await api.call("POST", "/api/v1/contacts", contact);
  const tomorrow = new Date(Date.now() + hoursFromNow * 3600 * 1000).toISOString();
  const meeting = await api.call("POST", "/api/v1/meetings", {
    contact_id: made.id,
    purpose: "informational",
    starts_at: tomorrow,
    title: `Coffee with ${String(contact.name).split(" ")[0]}`,
  });
  return { contact: made, meeting };
}

/** A screenshot of the screen as it is, kept by CI (e2e/screenshots). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${testInfo.project.name}-${name}.png`, fullPage: true });
}

/** axe-core on the screen as it is: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(severe.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The service worker controls the page: the app shell is precached, the app starts with no network. */
export async function installed(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** The screen as a phone shows it (no scrolling), for the README (docs/app/ holds the copies it shows). */
export async function readmeShot(page: Page, testInfo: TestInfo, name: string) {
  if (testInfo.project.name === "phone") {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `e2e/screenshots/readme-${name}.png` });
  }
}
