// Journey 7: my chats in my calendar: a feed to subscribe to (a webcal link, a QR code for the phone, the
// URL to copy), my next chats, invitations to import, a CalDAV calendar linked.
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { aChatTomorrow, account, expectAccessible, fixture, logIn, screenshot } from "./helpers";

async function openCalendar(page: Page) {
  await page.getByRole("link", { name: "Calendar" }).click();
  await expect(page.getByRole("heading", { name: "Calendar", level: 1 })).toBeVisible();
}

test("I subscribe to my calendar feed: a webcal link, a QR code and a URL that serves my chats @desktop", async ({
  page,
  request,
}, testInfo) => {
  const api = await account(request);
  const { meeting } = await aChatTomorrow(api);
  await logIn(page, api.person);
  await openCalendar(page);

  const upcoming = page.locator("section", { has: page.getByRole("heading", { name: "Coming up" }) });
  await expect(upcoming.getByRole("link", { name: /Coffee with Priya/ })).toHaveAttribute("href", `/app/meetings/${meeting.id}`);
  await expect(page.getByRole("link", { name: "Import an invitation file" })).toHaveAttribute("href", "/app/import");

  await page.getByRole("button", { name: "Get my calendar link" }).click();
  const subscribe = page.getByRole("link", { name: "Subscribe in my calendar app" });
  await expect(subscribe).toHaveAttribute("href", /^webcal:\/\//);
  const qr = page.getByRole("img", { name: "QR code of your calendar link" });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((element) => element.tagName.toLowerCase())).toBe("svg");
  const url = await page.getByRole("textbox", { name: "Calendar link" }).inputValue();
  expect(url).toMatch(/^https?:\/\/.+\.ics$/);
  expect(await subscribe.getAttribute("href")).toBe(url.replace(/^https?:/, "webcal:"));
  await expectAccessible(page);
  await screenshot(page, testInfo, "14-calendar");

  const feed = await request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  expect(await feed.text()).toContain("SUMMARY:Coffee with Priya");

  // Reset: a new link, the old one stops working.
  await page.getByRole("button", { name: "Reset link" }).click();
  await page.getByRole("button", { name: "Make a new link" }).click();
  await expect(page.getByRole("textbox", { name: "Calendar link" })).not.toHaveValue(url);
  const newUrl = await page.getByRole("textbox", { name: "Calendar link" }).inputValue();
  expect((await request.get(url)).status()).toBe(404);
  expect((await request.get(newUrl)).status()).toBe(200);

  // Stop: no link at all.
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await page.getByRole("button", { name: "Stop the link" }).click();
  await expect(page.getByRole("button", { name: "Get my calendar link" })).toBeVisible();
  expect((await request.get(newUrl)).status()).toBe(404);
  expect((await api.call("GET", "/api/v1/calendar/feed")).active).toBe(false);
});

test("a CalDAV calendar the API refuses shows its message under the URL field", async ({ page, request }, testInfo) => {
  const api = await account(request);
  await logIn(page, api.person);
  await openCalendar(page);
  const caldav = page.locator("section", { has: page.getByRole("heading", { name: "My CalDAV calendar" }) });
  await caldav.getByLabel("Calendar URL").fill("http://127.0.0.1:1/");
  await caldav.getByLabel("Username").fill("ana");
  await caldav.getByLabel("Password").fill("an app password");
  await caldav.getByRole("button", { name: "Link the calendar" }).click();
  await expect(page.locator("#caldav_url-error")).toContainText("private or local network address");
  await expect(caldav.getByLabel("Calendar URL")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await screenshot(page, testInfo, "14-calendar-caldav");
  // Nothing was linked.
  expect((await request.get("/api/v1/calendar/caldav", { headers: api.headers })).status()).toBe(404);
});

test("I download a chat's .ics file and import an invitation I received", async ({ page, request }, testInfo) => {
  const api = await account(request);
  const { meeting } = await aChatTomorrow(api);
  await logIn(page, api.person);

  await page.goto(`/app/meetings/${meeting.id}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Add to my calendar (.ics)" }).click()]);
  expect(download.suggestedFilename()).toBe(`coffeechat-${meeting.id}.ics`);
  const file = readFileSync((await download.path())!, "utf8");
  expect(file).toContain("BEGIN:VCALENDAR");
  expect(file).toContain("SUMMARY:Coffee with Priya");

  // An invitation from Google Calendar, imported from the Calendar screen.
  await page.getByRole("link", { name: "Calendar" }).click();
  await page.getByRole("link", { name: /Import an invitation/ }).click();
  await page.getByLabel("File to import").setInputFiles(fixture("calendar/google-request.ics"));
  await expect(page.getByRole("status")).toContainText("Invitation imported");
  await expect(page.getByRole("status")).toContainText("1 new");
  await expectAccessible(page);
  await screenshot(page, testInfo, "16-invitation");
  await page.getByRole("link", { name: "Open the chat" }).click();
  await expect(page.getByRole("heading", { name: /Coffee chat: Priya \/ Sam/ })).toBeVisible();
});
