// Journey 5: right after the chat: mark it held, the thank-you appears; record whom they introduced me to
// and what it did for my goal; tick the thank-you off.
import { expect, test } from "@playwright/test";
import { aChatTomorrow, account, expectAccessible, logIn, screenshot } from "./helpers";

test("a chat cannot be marked as held before it starts: the API says so", async ({ page, request }) => {
  const api = await account(request);
  const { meeting } = await aChatTomorrow(api);
  await logIn(page, api.person);
  await page.goto(`/app/meetings/${meeting.id}/after`);

  await page.getByRole("button", { name: "Mark the chat as held" }).click();

  await expect(page.getByRole("alert")).toContainText("cannot be marked completed before it starts");
  await expect(page.getByRole("button", { name: "Mark the chat as held" })).toBeVisible();
  expect((await api.call("GET", `/api/v1/meetings/${meeting.id}`)).status).toBe("planned");
});

test("after the chat I complete it, record a referral and an outcome, and say thank you @desktop", async ({
  page,
  request,
}, testInfo) => {
  const api = await account(request);
  const goal = await api.call("POST", "/api/v1/goals", { title: "Decide whether product design fits me", kind: "decide_interest" });
  const { meeting } = await aChatTomorrow(api, { name: "Priya Shah", company: "Acme Design" }, -2); // two hours ago
  await api.call("PATCH", `/api/v1/meetings/${meeting.id}`, { goal_ids: [goal.id] });
  await logIn(page, api.person);
  await page.goto(`/app/meetings/${meeting.id}/after`);
  await expectAccessible(page);

  await page.getByLabel("What I learned").fill("Design systems work is more about people than pixels.");
  await page.getByRole("button", { name: "Mark the chat as held" }).click();
  await expect(page.getByText("Completed. Say thank you within a day.")).toBeVisible();
  const thankYou = page.locator("#follow-ups ~ ul li").filter({ hasText: "Thank-you" });
  await expect(thankYou).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill("Jordan Reyes");
  await page.getByLabel("Company").fill("Initech");
  await page.getByRole("button", { name: "Record the introduction" }).click();
  await expect(page.getByText("Jordan Reyes added to your contacts.")).toBeVisible();

  await page.getByLabel("Goal", { exact: true }).selectOption({ label: "Decide whether product design fits me" });
  await page.getByLabel("Result").selectOption("progressed");
  await page.getByRole("button", { name: "Record the outcome" }).click();
  await expect(page.getByText("Decide whether product design fits me: A step forward")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "07-after-chat");

  await thankYou.getByRole("button", { name: /Mark done/ }).click();
  await expect(thankYou).toContainText("Done");

  await expect.poll(async () => (await api.call("GET", `/api/v1/meetings/${meeting.id}`)).status).toBe("completed");
  const contacts = (await api.call("GET", "/api/v1/contacts")).items;
  const jordan = contacts.find((contact: { name: string }) => contact.name === "Jordan Reyes");
  expect(jordan).toMatchObject({ company: "Initech", referred_by_id: meeting.contact_id, source_meeting_id: meeting.id });
  expect((await api.call("GET", `/api/v1/meetings/${meeting.id}/outcomes`)).items).toMatchObject([{ goal_id: goal.id, result: "progressed" }]);
  await expect
    .poll(async () => (await api.call("GET", "/api/v1/follow-ups")).items.find((f: { kind: string }) => f.kind === "thank_you")?.done_at)
    .not.toBeNull();
});
