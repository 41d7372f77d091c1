// Lighthouse (npm lighthouse, Debian's Chromium) on the Today screen of a logged-in person, at its mobile
// settings (a mid-range phone on a slow 4G network, simulated): performance >= 90, accessibility >= 95,
// best practices >= 95. `make lighthouse` runs this alone and prints the scores.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test } from "@playwright/test";
import lighthouse from "lighthouse";
import { aChatTomorrow, account, logIn } from "./helpers";

const PORT = 9333;
const FLOORS = { performance: 90, accessibility: 95, "best-practices": 95 } as const;

test("Lighthouse scores the Today screen at mobile settings", async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  const api = await account(request);
  await aChatTomorrow(api);
  await api.call("POST", "/api/v1/goals", { title: "Decide whether product design fits me", kind: "decide_interest" });

  // A browser Lighthouse can drive (its debugging port), logged in as a person would be.
  // (a persistent context is the browser's default one, which the tab Lighthouse opens shares)
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "lighthouse-")), {
    viewport: { width: 412, height: 823 },
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [`--remote-debugging-port=${PORT}`, "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const page = await browser.newPage();
    await logIn(page, api.person);
    await expect(page.getByText("Coffee with Priya")).toBeVisible();

    const result = await lighthouse(`${baseURL}/app/`, {
      port: PORT,
      output: "json",
      logLevel: "error",
      onlyCategories: Object.keys(FLOORS),
      disableStorageReset: true, // keep the login (its cookie) and the local store, as a returning person has them
    });
    // It scored Today, not the login screen: the largest paint is one of Today's.
    const lcp = JSON.stringify(result!.lhr.audits["largest-contentful-paint-element"]?.details ?? {});
    expect(lcp).not.toContain("Prepare, hold and follow up");
    const categories = result!.lhr.categories;
    const scores = Object.fromEntries(Object.keys(FLOORS).map((name) => [name, Math.round((categories[name]?.score ?? 0) * 100)]));
    console.log(`Lighthouse (mobile) on the Today screen: ${JSON.stringify(scores)}`);
    const failing = Object.values(result!.lhr.audits)
      .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode === "binary")
      .map((audit) => audit.id);
    for (const [name, floor] of Object.entries(FLOORS)) {
      expect(scores[name], `${name}; failing audits: ${failing.join(", ")}`).toBeGreaterThanOrEqual(floor);
    }
  } finally {
    await browser.close();
  }
});
