// Journey 3: prepare a chat: the contact and my research, the meeting, questions from a starter bank and
// my own (the linter's warnings as I type), reordered, and the readiness check saying what is left.
import { expect, test } from "@playwright/test";
import { aChatTomorrow, account, expectAccessible, logIn, screenshot, readmeShot } from "./helpers";

test("I prepare a chat: questions from a bank and my own, reordered, and the readiness goes up @desktop", async ({
  page,
  request,
}, testInfo) => {
  const api = await account(request);
  const { meeting } = await aChatTomorrow(api, { name: "Priya Shah", company: "Acme Design", research_notes: "Led the design system at Acme." });
  await logIn(page, api.person);

  await page.getByRole("link", { name: /Coffee with Priya/ }).click();
  await expect(page.getByRole("heading", { name: "Coffee with Priya" })).toBeVisible();
  await expect(page.getByText("Led the design system at Acme.")).toBeVisible();
  const readiness = page.locator("#readiness");
  await expect(readiness).toHaveText(/\d+% ready/);
  const before = await readiness.textContent();

  // From a starter bank: the first two questions.
  const bankQuestions = page.locator(".bank-questions li");
  await expect(bankQuestions.first()).toBeVisible();
  const first = (await bankQuestions.nth(0).locator("span").first().textContent())!.split(" · ")[0]!.trim();
  await bankQuestions.nth(0).getByRole("button").click();
  await bankQuestions.nth(1).getByRole("button").click();
  await expect(page.locator(".plan > li")).toHaveCount(2);

  // My own: the linter speaks while I type.
  await page.getByRole("button", { name: "My own" }).click();
  await page.getByLabel("Your own question").fill("Can you get me a job at Acme?");
  await expect(page.locator("#own-question-check .warnings")).toContainText(/job/i);
  await page.getByLabel("Your own question").fill("What surprised you most in your first year at Acme?");
  await expect(page.locator("#own-question-check .warnings")).toHaveCount(0);
  await page.getByLabel("Category").selectOption("culture");
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.locator(".plan > li")).toHaveCount(3);

  // Reorder: my own question to the top, by buttons.
  await page.getByRole("button", { name: "Move up: What surprised you most in your first year at Acme?" }).click();
  await page.getByRole("button", { name: "Move up: What surprised you most in your first year at Acme?" }).click();
  await expect(page.locator(".plan > li").first()).toContainText("What surprised you most");
  await expect(page.locator(".plan > li").nth(1)).toContainText(first.slice(0, 20));

  // ...and by dragging: the last question to the top.
  const plan = page.locator(".plan > li");
  const last = (await plan.nth(2).locator("p").first().textContent())!;
  await plan.nth(2).locator(".handle").dragTo(plan.nth(0), { targetPosition: { x: 20, y: 5 } });
  await expect(plan.first()).toContainText(last);
  await expect(plan.nth(1)).toContainText("What surprised you most");

  await expect(readiness).not.toHaveText(before!);
  await expectAccessible(page);
  await screenshot(page, testInfo, "05-prepare");
  await readmeShot(page, testInfo, "prepare");

  // The API holds the plan in that order.
  await expect
    .poll(async () => (await api.call("GET", `/api/v1/meetings/${meeting.id}/questions`)).items.map((item: { text: string }) => item.text)[0])
    .toBe(last);
});

test("I plan a chat with a new contact from the app, and edit its time", async ({ page, request }) => {
  const api = await account(request);
  await api.call("POST", "/api/v1/contacts", { name: "Sam Lee", company: "Globex" });
  await logIn(page, api.person);

  await page.getByRole("link", { name: "Plan a chat" }).click();
  await page.getByLabel("With").selectOption({ label: "Sam Lee" });
  await page.getByLabel("Place").fill("Café Central");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Plan chat" }).click();

  await expect(page.getByRole("heading", { name: "Coffee chat with Sam Lee" })).toBeVisible();
  await expect(page.getByText("Café Central")).toBeVisible();
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Length (minutes)").fill("45");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("region", { name: "The chat" })).toContainText("45 min");
  await expect.poll(async () => (await api.call("GET", "/api/v1/meetings")).items[0]?.duration_minutes).toBe(45);
});
