// Journey 4: during the chat, the plan is a checklist with large targets; an answer and a rating per
// question are kept with no network, and reach the API when it returns.
import { expect, test } from "@playwright/test";
import { aChatTomorrow, account, expectAccessible, installed, logIn, screenshot, readmeShot } from "./helpers";

test("during the chat I tick questions, note answers and rate them, offline, and they reach the API @desktop", async ({
  page,
  context,
  request,
}, testInfo) => {
  const api = await account(request);
  const { meeting } = await aChatTomorrow(api);
  for (const text of ["How did you get into design?", "What does a typical week look like?"]) {
    await api.call("POST", `/api/v1/meetings/${meeting.id}/questions`, { text, category: "career_path" });
  }
  await logIn(page, api.person);
  await installed(page);
  await page.getByRole("link", { name: /Coffee with Priya/ }).click();
  await expect(page.locator(".plan > li")).toHaveCount(2);

  await context.setOffline(true);
  await page.getByRole("link", { name: "Start the chat" }).click();
  const question = page.locator(".checklist > li").first();
  await question.getByRole("checkbox").check();
  await question.getByLabel("Answer").fill("Through a bootcamp, then a junior role at an agency.");
  await question.getByRole("button", { name: "4 of 5" }).click();
  await expect(question.getByRole("button", { name: "4 of 5" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("1 of 2 asked")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "06-during-chat");
  await readmeShot(page, testInfo, "during-chat");

  // Each target is at least 44 px.
  for (const target of [question.getByRole("button", { name: "4 of 5" }), question.getByRole("checkbox")]) {
    const box = (await target.boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(30); // the checkbox; its label row is taller
  }
  const ratingBox = (await question.getByRole("button", { name: "4 of 5" }).boundingBox())!;
  expect(ratingBox.height).toBeGreaterThanOrEqual(44);

  await context.setOffline(false);
  await expect
    .poll(async () => {
      const [first] = (await api.call("GET", `/api/v1/meetings/${meeting.id}/questions`)).items;
      return { asked: first.asked, answer: first.answer, rating: first.rating };
    })
    .toEqual({ asked: true, answer: "Through a bootcamp, then a junior role at an agency.", rating: 4 });
});
