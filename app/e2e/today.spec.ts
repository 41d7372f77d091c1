// Journey 2: Today shows my next chats with their readiness and what to do next, my follow-ups and goals.
import { expect, test } from "@playwright/test";
import { aChatTomorrow, account, expectAccessible, logIn, newPerson, readmeShot, screenshot } from "./helpers";

test("Today shows my next chat with its contact, readiness and next step, and my goals @desktop", async ({
  page,
  request,
}, testInfo) => {
  // What a person made earlier, from another device (the JSON API of mobile apps and scripts).
  const person = newPerson();
  expect((await request.post("/api/v1/auth/register", { data: person })).status()).toBe(201);
  const login = await request.post("/api/v1/auth/login", { data: { email: person.email, password: person.password } });
  const headers = { Authorization: `Bearer ${(await login.json()).access_token}` };
  const contact = await (
    await request.post("/api/v1/contacts", { headers, data: { name: "Priya Shah", company: "Acme Design" } })
  ).json();
  const tomorrow = new Date(Date.now() + 26 * 3600 * 1000).toISOString();
  const meeting = await request.post("/api/v1/meetings", {
    headers,
    data: { contact_id: contact.id, purpose: "informational", starts_at: tomorrow, title: "Coffee with Priya" },
  });
  expect(meeting.status()).toBe(201);
  const goal = await request.post("/api/v1/goals", {
    headers,
    data: { title: "Decide whether product design fits me", kind: "decide_interest" },
  });
  expect(goal.status()).toBe(201);

  await page.goto("/app/");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Log in" }).click();

  const chat = page.getByRole("listitem").filter({ hasText: "Coffee with Priya" });
  await expect(chat).toContainText("Priya Shah");
  await expect(chat).toContainText(/\d+% ready/); // nothing planned yet: the API says what is missing
  await expect(chat.locator(".advice")).not.toBeEmpty();
  await expect(page.getByText("Decide whether product design fits me")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "03-today");
  await readmeShot(page, testInfo, "today");
});

test.describe("on a device in another time zone", () => {
  test.use({ timezoneId: "America/New_York" });

  test("times are shown, and typed, in my account's time zone", async ({ page, request }) => {
    const api = await account(request);
    await api.call("PATCH", "/api/v1/me", { timezone: "Asia/Tokyo" });
    const contact = await api.call("POST", "/api/v1/contacts", { name: "Priya Shah" });
    const starts = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    starts.setUTCHours(1, 30, 0, 0); // 10:30 in Tokyo, the evening before in New York
    const meeting = await api.call("POST", "/api/v1/meetings", { contact_id: contact.id, purpose: "informational", starts_at: starts.toISOString() });
    await logIn(page, api.person);

    await page.goto(`/app/meetings/${meeting.id}`);
    await expect(page.getByRole("region", { name: "The chat" })).toContainText("10:30");
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await expect(page.getByLabel("Starts")).toHaveValue(/T10:30$/);
    await page.getByLabel("Starts").fill(`${(await page.getByLabel("Starts").inputValue()).slice(0, 10)}T11:00`);
    await page.getByRole("button", { name: "Save" }).click();

    await expect.poll(async () => (await api.call("GET", `/api/v1/meetings/${meeting.id}`)).starts_at).toMatch(/T02:00:00/);
  });
});

test.describe("in the system's dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("the main screens keep their contrast (axe) @desktop", async ({ page, request }, testInfo) => {
    const api = await account(request);
    const { meeting } = await aChatTomorrow(api);
    await api.call("POST", `/api/v1/meetings/${meeting.id}/questions`, { text: "Can you get me a job?", category: "other" });
    await logIn(page, api.person);
    await expect(page.getByText("Coffee with Priya")).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: /Coffee with Priya/ }).click();
    await expect(page.locator(".plan .warnings")).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, testInfo, "17-prepare-dark");

    await page.getByRole("link", { name: "Start the chat" }).click();
    await page.locator(".checklist > li").first().getByRole("button", { name: "3 of 5" }).click();
    await expectAccessible(page);
    await screenshot(page, testInfo, "18-during-chat-dark");
  });
});
