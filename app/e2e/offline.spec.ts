// Offline-first: the app installs and starts with no network; what I do offline (plan a chat, capture
// answers, add a contact) reaches the API exactly once when the network returns, also when the answer to
// a replayed write is lost on the way back; an edit made on a version another session changed since
// (412) shows both versions and lets me choose.
import { expect, test } from "@playwright/test";
import { aChatTomorrow, account, expectAccessible, installed, logIn, screenshot, signUp } from "./helpers";

test("the web manifest makes the app installable and a share target", async ({ request }) => {
  const response = await request.get("/app/manifest.webmanifest");
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = await response.json();

  expect(manifest).toMatchObject({ name: "coffeechat", start_url: "/app/", scope: "/app/", display: "standalone" });
  expect(manifest.share_target).toMatchObject({ action: "/app/share", method: "POST", enctype: "multipart/form-data" });
  const sizes = manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) {
    expect((await request.get(`/app/${icon.src}`)).status()).toBe(200);
  }
});

test("with no network the app starts and shows Today as this device last saw it", async ({ page, context }, testInfo) => {
  await signUp(page);
  await installed(page);

  await context.setOffline(true);
  await page.reload();

  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Offline");
  await screenshot(page, testInfo, "04-offline-start");
});

test("offline I plan a chat, capture answers and add a contact; online again, the API holds each once", async ({
  page,
  context,
  request,
}) => {
  const api = await account(request);
  const { meeting } = await aChatTomorrow(api);
  await logIn(page, api.person);
  await installed(page);
  await page.getByRole("link", { name: /Coffee with Priya/ }).click();
  await expect(page.locator(".bank-questions li").first()).toBeVisible();

  // The answer to the first replayed question is lost on its way back: the app must replay it, once.
  let dropped = 0;
  await page.route(`**/api/v1/meetings/${meeting.id}/questions`, async (route) => {
    if (route.request().method() === "POST" && dropped === 0) {
      dropped += 1;
      await route.fetch(); // it reached the API...
      await route.abort("connectionreset"); // ...and its answer did not come back
      return;
    }
    await route.continue();
  });

  await context.setOffline(true);
  await page.getByRole("button", { name: "My own" }).click();
  for (const text of ["What surprised you most in your first year?", "Whom else should I talk to?"]) {
    await page.getByLabel("Your own question").fill(text);
    await page.getByRole("button", { name: "Add question" }).click();
  }
  await expect(page.locator(".plan > li")).toHaveCount(2);
  await page.getByRole("link", { name: "Start the chat" }).click();
  const first = page.locator(".checklist > li").first();
  await first.getByRole("checkbox").check();
  await first.getByLabel("Answer").fill("Learning how much time goes to research.");
  await first.getByRole("button", { name: "5 of 5" }).click();

  await page.getByRole("link", { name: "Contacts" }).click();
  await page.getByRole("link", { name: "Add" }).click();
  await page.getByLabel("Name").fill("Jordan Reyes");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByRole("heading", { name: "Jordan Reyes" })).toBeVisible();

  await context.setOffline(false);
  await expect
    .poll(async () => (await api.call("GET", `/api/v1/meetings/${meeting.id}/questions`)).items.length, { timeout: 20_000 })
    .toBe(2);
  await expect
    .poll(async () => (await api.call("GET", "/api/v1/contacts")).items.map((c: { name: string }) => c.name).sort(), { timeout: 20_000 })
    .toEqual(["Jordan Reyes", "Priya Shah"]);
  await expect
    .poll(async () => {
      const [item] = (await api.call("GET", `/api/v1/meetings/${meeting.id}/questions`)).items;
      return [item.text, item.asked, item.answer, item.rating];
    })
    .toEqual(["What surprised you most in your first year?", true, "Learning how much time goes to research.", 5]);
  expect(dropped).toBe(1);
  // Still exactly once each, after every replay.
  await page.waitForTimeout(1000);
  expect((await api.call("GET", `/api/v1/meetings/${meeting.id}/questions`)).items).toHaveLength(2);
});

test("an edit made on a version another session changed since shows both, and I keep mine", async ({
  page,
  context,
  request,
}, testInfo) => {
  const api = await account(request);
  const priya = await api.call("POST", "/api/v1/contacts", { name: "Priya Shah", company: "Acme Design" });
  await logIn(page, api.person);
  await page.goto(`/app/contacts/${priya.id}`);
  await expect(page.getByRole("heading", { name: "Priya Shah" })).toBeVisible();

  await context.setOffline(true);
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Company").fill("Acme Design Studio");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Priya Shah" })).toBeVisible();

  // Meanwhile, another session (the phone app) changes her too.
  await api.call("PATCH", `/api/v1/contacts/${priya.id}`, { company: "Acme", title: "Design Lead" });

  await context.setOffline(false);
  await page.getByRole("link", { name: /met a newer version/ }).click({ timeout: 20_000 });
  await expect(page.getByRole("row", { name: /Company/ })).toContainText("Acme Design Studio");
  await expect(page.getByRole("row", { name: /Company/ })).toContainText("Acme");
  await expectAccessible(page);
  await screenshot(page, testInfo, "10-conflict");
  await page.getByRole("button", { name: "Keep mine" }).click();

  await expect.poll(async () => (await api.call("GET", `/api/v1/contacts/${priya.id}`)).company).toBe("Acme Design Studio");
  expect((await api.call("GET", `/api/v1/contacts/${priya.id}`)).title).toBe("Design Lead"); // theirs, untouched by mine
  await expect(page.getByText("Nothing to review: every change is saved.")).toBeVisible();
});

test("when my login ends elsewhere, the app asks me to log in again and then sends what I wrote meanwhile", async ({
  page,
  context,
  request,
}) => {
  const api = await account(request);
  const priya = await api.call("POST", "/api/v1/contacts", { name: "Priya Shah" });
  await logIn(page, api.person);
  await page.goto(`/app/contacts/${priya.id}/edit`);
  await expect(page.getByLabel("Name")).toHaveValue("Priya Shah");

  await context.setOffline(true);
  await page.getByLabel("Company").fill("Acme Design");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Priya Shah" })).toBeVisible();

  // From the phone app: "log out every other device" ends the app's login (and its access token).
  expect((await request.delete("/api/v1/auth/sessions", { headers: api.headers })).status()).toBe(204);
  await context.setOffline(false);

  await expect(page.getByText("Your login has ended.")).toBeVisible({ timeout: 20_000 });
  await page.getByLabel("Email").fill(api.person.email);
  await page.getByLabel("Password").fill(api.person.password);
  await page.getByRole("button", { name: "Log in" }).click();

  await expect.poll(async () => (await api.call("GET", `/api/v1/contacts/${priya.id}`)).company, { timeout: 20_000 }).toBe("Acme Design");
});
