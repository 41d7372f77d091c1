// Journey 9 and the rest of journey 1: my profile, time zone and reminder; personal access tokens; the
// devices logged in; my data exported; my account deleted.
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { account, expectAccessible, logIn, screenshot } from "./helpers";

async function openSettings(page: Page) {
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toBeVisible();
}

test("I change my name, email, time zone and reminder, and the API has them @desktop", async ({ page, request }, testInfo) => {
  const api = await account(request);
  await logIn(page, api.person);
  await openSettings(page);
  await expectAccessible(page);
  await screenshot(page, testInfo, "11-settings");

  const profile = page.locator("section", { has: page.getByRole("heading", { name: "Profile" }) });
  await profile.getByLabel("Name", { exact: true }).fill("Ana Lima");
  const newEmail = `lima-${Date.now()}@example.com`;
  await profile.getByLabel("Email").fill(newEmail);
  await profile.getByLabel("Current password").fill("not my password");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(page.locator("#profile_current_password-error")).toHaveText("The password is wrong.");
  await expectAccessible(page);
  await profile.getByLabel("Current password").fill(api.person.password);
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(profile.getByRole("status")).toHaveText("Profile saved.");
  await expect(profile.getByLabel("Current password")).toHaveCount(0);

  const time = page.locator("section", { has: page.getByRole("heading", { name: "Time zone and reminders" }) });
  await time.getByLabel("Time zone").selectOption("Europe/Berlin");
  await time.getByLabel("Reminder").selectOption({ label: "30 minutes before" });
  await time.getByRole("button", { name: "Save time zone and reminder" }).click();
  await expect(time.getByRole("status")).toHaveText("Saved.");

  const me = await api.call("GET", "/api/v1/me");
  expect(me).toMatchObject({ name: "Ana Lima", email: newEmail, timezone: "Europe/Berlin", reminder_minutes: 30 });

  // What the API has is what the screen shows after a reload.
  await page.reload();
  await expect(page.getByLabel("Time zone", { exact: true })).toHaveValue("Europe/Berlin");
  await expect(page.getByLabel("Reminder", { exact: true })).toHaveValue("30");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Ana Lima");
});

test("a personal access token is shown once, works, and stops working when revoked", async ({ page, request }, testInfo) => {
  const api = await account(request);
  await logIn(page, api.person);
  await openSettings(page);

  const tokens = page.locator("section", { has: page.getByRole("heading", { name: "Access tokens" }) });
  await tokens.getByLabel("What it is for").fill("backup script");
  // A token that may do nothing: the API says why, under the choices.
  await tokens.getByLabel("Read my data").uncheck();
  await tokens.getByRole("button", { name: "Make a token" }).click();
  await expect(page.locator("#scopes-error")).toBeVisible();
  await tokens.getByLabel("Read my data").check();
  await tokens.getByLabel("Change my data").check();
  await tokens.getByLabel("Expires").selectOption({ label: "In 30 days" });
  await tokens.getByRole("button", { name: "Make a token" }).click();
  await expect(tokens.getByText("Copy it now: you won't see it again.")).toBeVisible();
  const token = await tokens.getByLabel("Your new token").inputValue();
  expect(token).toMatch(/^cc_pat_/);
  await expectAccessible(page);
  await screenshot(page, testInfo, "12-tokens");

  const bearer = { Authorization: `Bearer ${token}` };
  const asScript = await request.get("/api/v1/me", { headers: bearer });
  expect(asScript.status()).toBe(200);
  expect((await asScript.json()).email).toBe(api.person.email);

  await tokens.getByRole("button", { name: "I have copied it" }).click();
  await expect(tokens.getByLabel("Your new token")).toHaveCount(0);
  await page.reload();
  const item = tokens.locator("li", { hasText: "backup script" });
  await expect(item).toContainText("Read my data, Change my data");
  await expect(item).toContainText(token.slice(0, 11));
  await expect(item).toContainText("Last used");
  await expect(item).toContainText("Expires on");
  await expect(page.getByText(token)).toHaveCount(0);

  await item.getByRole("button", { name: "Revoke “backup script”" }).click();
  await item.getByRole("button", { name: "Revoke it" }).click();
  await expect(tokens.locator("li", { hasText: "backup script" })).toHaveCount(0);
  await expect(tokens.getByText("No tokens.")).toBeVisible();
  expect((await request.get("/api/v1/me", { headers: bearer })).status()).toBe(401);
});

test("I see the devices logged in and log the other one out", async ({ page, browser, request }, testInfo) => {
  const api = await account(request);
  await logIn(page, api.person);
  const elsewhere = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const other = await elsewhere.newPage();
  await logIn(other, api.person);

  await openSettings(page);
  const sessions = page.locator("section", { has: page.getByRole("heading", { name: "Devices logged in" }) });
  // The API's own login (account()) made one session too: three in all, this one marked.
  await expect(sessions.locator("li")).toHaveCount(3);
  await expect(sessions.getByText("This device")).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, testInfo, "13-sessions");

  // The newest other login is the second browser's (newest first, after this one).
  const newestOther = sessions.locator("li").filter({ hasNot: page.getByText("This device") }).first();
  await newestOther.getByRole("button", { name: "End this session" }).click();
  await newestOther.getByRole("button", { name: "End it" }).click();
  await expect(sessions.locator("li")).toHaveCount(2);

  await other.reload();
  await expect(other.getByRole("heading", { name: "Log in" })).toBeVisible();

  await sessions.getByRole("button", { name: "End this session" }).click();
  await sessions.getByRole("button", { name: "End it" }).click();
  await expect(sessions.locator("li")).toHaveCount(1);
  expect((await request.get("/api/v1/me", { headers: api.headers })).status()).toBe(401);
  await elsewhere.close();
});

test("my data downloads as a JSON file", async ({ page, request }) => {
  const api = await account(request);
  await api.call("POST", "/api/v1/contacts", { name: "Priya Shah", company: "Acme Design" });
  await logIn(page, api.person);
  await openSettings(page);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download my data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^coffeechat-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(data.format).toBe("coffeechat.export");
  expect(data.contacts.map((contact: { name: string }) => contact.name)).toEqual(["Priya Shah"]);
});

test("deleting my account asks for my password, and then the account is gone", async ({ page, request }) => {
  const api = await account(request);
  await logIn(page, api.person);
  await openSettings(page);
  await page.getByRole("button", { name: "Delete my account…" }).click();
  await page.getByLabel("Your password").fill("not my password");
  await page.getByRole("button", { name: "Delete my account for good" }).click();
  await expect(page.locator("#delete_password-error")).toHaveText("The password is wrong.");
  await expectAccessible(page);
  await page.getByLabel("Your password").fill(api.person.password);
  await page.getByRole("button", { name: "Delete my account for good" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  await page.getByLabel("Email").fill(api.person.email);
  await page.getByLabel("Password").fill(api.person.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is wrong.");
});
