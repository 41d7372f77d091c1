// What the journeys share: a new person's account, made through the app itself, and a screenshot at each step.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

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

/** A screenshot of the screen as it is, kept by CI (e2e/screenshots). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${testInfo.project.name}-${name}.png`, fullPage: true });
}

/** axe-core on the screen as it is: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(severe.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}
