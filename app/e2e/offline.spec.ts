// The app as an installed app: a complete web manifest, and a start with no network that opens on what
// the device last saw (the service worker serves the app shell; the data comes from IndexedDB).
import { expect, test } from "@playwright/test";
import { screenshot, signUp } from "./helpers";

test("the web manifest makes the app installable", async ({ request }) => {
  const response = await request.get("/app/manifest.webmanifest");
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = await response.json();

  expect(manifest).toMatchObject({ name: "coffeechat", start_url: "/app/", scope: "/app/", display: "standalone" });
  const sizes = manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) {
    expect((await request.get(`/app/${icon.src}`)).status()).toBe(200);
  }
});

test("with no network the app starts and shows Today as this device last saw it", async ({ page, context }, testInfo) => {
  await signUp(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready; // the app shell is precached
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();

  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Offline");
  await screenshot(page, testInfo, "04-offline-start");
});
