// The screens an emailed link opens: a new password, and a verified address (this test server sends no
// email, so the links here are ones it never sent; tests/api/test_account_emails.py follows real ones).
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers";

test("from the login, I ask for a link to set a new password, and am told it is on its way", async ({ page }) => {
  await page.goto("/app/");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("a link to set a new password is on its way");
  await expectAccessible(page);
});

test("a link that is not (or no longer) good says so, and what to do", async ({ page }) => {
  await page.goto("/app/reset-password?token=not-a-real-token");
  await page.getByRole("textbox", { name: "New password" }).fill("a new horse battery staple");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByText("ask for a new one")).toBeVisible();

  await page.goto("/app/verify-email?token=not-a-real-token");
  await expect(page.getByRole("alert")).toContainText("ask for a new one");
  await expectAccessible(page);
});
