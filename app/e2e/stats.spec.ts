// Journey 8: how my chats go: from contacts to goals, chats per month, how useful the answers were, my
// longest chain of introductions, my follow-ups.
import { expect, test } from "@playwright/test";
import { aChatTomorrow, type Account, account, expectAccessible, logIn, screenshot } from "./helpers";

/** A chat with ``contactId`` held, a question of ``category`` rated ``rating``, and whom they introduced. */
async function heldChat(api: Account, contactId: number, category: string, rating: number, introduced: string) {
  const meeting = await api.call("POST", "/api/v1/meetings", {
    contact_id: contactId,
    purpose: "informational",
    starts_at: new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString(),
    title: `A chat about ${category}`,
  });
  const question = await api.call("POST", `/api/v1/meetings/${meeting.id}/questions`, { text: `What about ${category}?`, category });
  await api.call("PATCH", `/api/v1/meetings/${meeting.id}/questions/${question.id}`, { asked: true, answer: "Much.", rating });
  await api.call("PATCH", `/api/v1/meetings/${meeting.id}`, { status: "completed" });
  return api.call("POST", `/api/v1/meetings/${meeting.id}/referrals`, { name: introduced });
}

test("my stats show the funnel, the months, the ratings and my longest chain @desktop", async ({ page, request }, testInfo) => {
  const api = await account(request);
  const { contact: priya } = await aChatTomorrow(api);
  const jordan = await heldChat(api, priya.id, "culture", 4, "Jordan Reyes");
  await heldChat(api, jordan.id, "career_path", 5, "Sam Okafor");
  await api.call("POST", "/api/v1/goals", { title: "Decide whether design fits me", kind: "decide_interest", status: "achieved" });
  await api.call("POST", "/api/v1/follow-ups", {
    contact_id: priya.id,
    kind: "check_in",
    due_at: new Date(Date.now() - 24 * 3600 * 1000).toISOString(),
  });
  const stats = await api.call("GET", "/api/v1/stats");

  await logIn(page, api.person);
  await page.getByRole("link", { name: "Stats" }).click();
  await expect(page.getByRole("heading", { name: "Stats", level: 1 })).toBeVisible();

  // The funnel: its table (what a screen reader reads) and the bars (what the eye reads) say the same.
  const funnel = page.getByRole("figure", { name: "From contacts to goals" });
  const row = (name: string) => funnel.getByRole("row", { name: new RegExp(`^${name}`) });
  await expect(row("Contacts")).toContainText("3");
  await expect(row("Chats planned")).toContainText("3");
  await expect(row("Chats held")).toContainText("2");
  await expect(row("Goals achieved")).toContainText("1");
  await expect(funnel.locator(".hbars li").first()).toHaveText(/Contacts\s*3/);

  const months = page.getByRole("figure", { name: "Chats per month" });
  const total = stats.meetings.by_month.reduce((sum: number, month: { count: number }) => sum + month.count, 0);
  expect(total).toBe(3);
  const counts = await months.locator("tbody td").allTextContents();
  expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(3);

  const ratings = page.getByRole("figure", { name: "How useful the answers were" });
  await expect(ratings.getByRole("row", { name: /^Culture/ })).toContainText("4 of 5 · 1 answer");
  await expect(ratings.getByRole("row", { name: /^Career path/ })).toContainText("5 of 5 · 1 answer");

  await expect(page.locator(".big-number")).toHaveText("3 people in your longest chain of introductions: each introduced you to the next.");
  const followUps = page.locator("section", { has: page.getByRole("heading", { name: "Follow-ups" }) });
  await expect(followUps.getByText("Overdue")).toBeVisible();
  await expect(followUps.locator(".overdue dd")).toHaveText(String(stats.follow_ups.overdue));
  expect(stats.follow_ups.overdue).toBeGreaterThanOrEqual(1);
  await expectAccessible(page);
  await screenshot(page, testInfo, "15-stats");
});

test("with nothing yet, the stats say how to begin", async ({ page, request }) => {
  const api = await account(request);
  await logIn(page, api.person);
  await page.getByRole("link", { name: "Stats" }).click();
  await expect(page.getByText("No chats yet.")).toBeVisible();
  await expect(page.getByText("Once you add contacts")).toBeVisible();
  await expectAccessible(page);
});

test("offline, the stats show what this device last saw, and say so", async ({ page, context, request }) => {
  const api = await account(request);
  await aChatTomorrow(api);
  await logIn(page, api.person);
  await page.getByRole("link", { name: "Stats" }).click();
  const funnel = page.getByRole("figure", { name: "From contacts to goals" });
  await expect(funnel.getByRole("row", { name: /^Contacts/ })).toContainText("1");

  await context.setOffline(true);
  await page.getByRole("link", { name: "Today" }).click();
  await page.getByRole("link", { name: "Stats" }).click();
  await expect(page.getByText("Offline: showing what this device last saw.")).toBeVisible();
  await expect(funnel.getByRole("row", { name: /^Chats planned/ })).toContainText("1");
  await expectAccessible(page);
  await context.setOffline(false);
});
