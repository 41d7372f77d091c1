// Journey 1: sign up, log in, stay logged in across reloads, log out.
import { expect, test } from "@playwright/test";
import { expectAccessible, newPerson, screenshot, signUp } from "./helpers";

test("a new person signs up and lands on Today @desktop", async ({ page }, testInfo) => {
  await page.goto("/app/");
  await expectAccessible(page);
  await screenshot(page, testInfo, "01-login");
  await signUp(page);
  await expect(page.getByText("No chats planned.")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "02-today-empty");
});

test("the login survives a reload, and logging out ends it", async ({ page }) => {
  await signUp(page);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
});

test("a wrong password is said in words, and the right one logs in", async ({ page }) => {
  const person = await signUp(page);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is wrong.");
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
});

test("signing up with a short password shows the API's message under the field", async ({ page }) => {
  const person = newPerson();
  await page.goto("/app/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#password-error")).toContainText(/10/);
});
