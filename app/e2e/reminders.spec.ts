// Reminders: I choose how and of what I am told, and a reminder the API pushes shows as a notification.
import { expect, test } from "@playwright/test";
import { account, expectAccessible, installed, logIn } from "./helpers";

test("I choose what I am reminded of, and my quiet hours, and the API has them @desktop", async ({ page, request }) => {
  const api = await account(request);
  await logIn(page, api.person);
  await page.getByRole("link", { name: "Settings" }).click();
  const reminders = page.locator("section", { has: page.getByRole("heading", { name: "Reminders", exact: true }) });
  await expect(reminders.getByLabel("Push to my devices")).toBeChecked();
  await expect(reminders.getByText("This server sends no email.")).toBeVisible();

  await reminders.getByLabel("The week ahead, on Monday morning").uncheck();
  await reminders.getByLabel("From").fill("22:00");
  await reminders.getByLabel("Until").fill("07:00");
  await reminders.getByRole("button", { name: "Save reminders" }).click();
  await expect(reminders.getByRole("status")).toHaveText("Saved.");
  await expectAccessible(page);

  const settings = await api.call("GET", "/api/v1/me/notifications");
  expect(settings).toMatchObject({ weekly_digest: false, follow_up_due: true, quiet_hours_start: "22:00", quiet_hours_end: "07:00" });

  await reminders.getByLabel("Until").fill("");
  await reminders.getByRole("button", { name: "Save reminders" }).click();
  await expect(reminders.getByText("Give both ends of the quiet hours, or neither.")).toBeVisible();
  await expect(reminders.getByLabel("Until")).toHaveAttribute("aria-invalid", "true");
});

test("a reminder pushed to this device shows as a notification with its text", async ({ page, request, context }) => {
  const api = await account(request);
  await context.grantPermissions(["notifications"]);
  await logIn(page, api.person);
  await installed(page);

  // The push service's part, played by the browser's DevTools protocol: the message arrives at the worker.
  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const live = registrations.find((r: { isDeleted: boolean }) => !r.isDeleted);
      if (live) resolve(live.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  const reminder = { title: "Overdue: thank-you for Priya Raman", body: "It was due Monday, 15:00.", url: "/app/", tag: "follow_up_overdue-1" };
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin: new URL(page.url()).origin,
    registrationId: await registration,
    data: JSON.stringify(reminder),
  });

  await expect
    .poll(() =>
      page.evaluate(async () => {
        const shown = await (await navigator.serviceWorker.ready).getNotifications();
        return shown.map((notification) => [notification.title, notification.body, notification.tag]);
      }),
    )
    .toEqual([[reminder.title, reminder.body, reminder.tag]]);
});
