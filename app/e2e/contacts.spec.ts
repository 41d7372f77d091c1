// Journey 6: contacts: add and edit, search, filter by tag and company, a contact's chats and who
// introduced whom; import a vCard and LinkedIn's Connections.csv.
import { expect, test } from "@playwright/test";
import { account, expectAccessible, fixture, installed, logIn, screenshot } from "./helpers";

test("I add a contact, find it by search, tag and company, and edit it @desktop", async ({ page, request }, testInfo) => {
  const api = await account(request);
  const priya = await api.call("POST", "/api/v1/contacts", { name: "Priya Shah", company: "Acme Design", tags: ["design"] });
  await api.call("POST", "/api/v1/contacts", { name: "Sam Lee", company: "Globex", tags: ["data"], referred_by_id: priya.id });
  await logIn(page, api.person);

  await page.getByRole("link", { name: "Contacts" }).click();
  await page.getByRole("link", { name: "Add" }).click();
  await page.getByLabel("Name").fill("Mei Tanaka");
  await page.getByLabel("Company").fill("Fabrikam");
  await page.getByLabel("Email").fill("not an email");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.locator("#email-error")).toBeVisible(); // the API's message, under its field
  await expectAccessible(page);
  await page.getByLabel("Email").fill("mei@example.com");
  await page.getByLabel("Tags").fill("design, mentor");
  await page.getByLabel("Research notes").fill("Wrote the Fabrikam design blog.");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByRole("heading", { name: "Mei Tanaka" })).toBeVisible();
  await expect(page.getByText("Wrote the Fabrikam design blog.")).toBeVisible();

  await page.getByRole("link", { name: "Contacts", exact: true }).first().click();
  const list = page.getByRole("list", { name: "Contacts" });
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await page.getByLabel("Search contacts").fill("globex");
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText("Sam Lee");
  await page.getByLabel("Search contacts").fill("");
  await page.getByLabel("Tag").selectOption("design");
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await page.getByLabel("Company").selectOption("Fabrikam");
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, testInfo, "08-contacts");

  // Who introduced whom.
  await page.getByLabel("Tag").selectOption("");
  await page.getByLabel("Company").selectOption("");
  await list.getByRole("link", { name: /Sam Lee/ }).click();
  await expect(page.getByText("Introduced by Priya Shah")).toBeVisible();
  await page.getByRole("link", { name: "Priya Shah" }).click();
  await expect(page.getByText("Introduced you to Sam Lee")).toBeVisible();

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Role").fill("Design Lead");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Design Lead")).toBeVisible();
  await expectAccessible(page);
  await expect.poll(async () => (await api.call("GET", `/api/v1/contacts/${priya.id}`)).title).toBe("Design Lead");
});

test("I import my phone's vCard file and LinkedIn's Connections.csv", async ({ page, request }, testInfo) => {
  const api = await account(request);
  await logIn(page, api.person);
  await page.getByRole("link", { name: "Contacts" }).click();
  await page.getByRole("link", { name: "Import" }).click();

  await page.getByLabel("File to import").setInputFiles(fixture("contacts/iphone-3.0.vcf"));
  await expect(page.getByRole("status")).toContainText("Contacts imported");
  await expect(page.getByRole("status")).toContainText(/3 new/);
  await screenshot(page, testInfo, "09-import");

  await page.getByLabel("File to import").setInputFiles(fixture("contacts/linkedin-connections.csv"));
  await expect(page.getByRole("status")).toContainText(/\d+ new/);
  await expectAccessible(page);

  await page.getByRole("link", { name: "See my contacts" }).click();
  await expect(page.getByRole("list", { name: "Contacts" })).toContainText("Chidi Okafor");
  await expect(page.getByRole("list", { name: "Contacts" })).toContainText("Jonas Weber");
});

test("a vCard shared to the app from the phone's share sheet is imported", async ({ page, request }) => {
  const api = await account(request);
  await logIn(page, api.person);
  await installed(page);

  // What the share sheet does (the manifest's share_target): a multipart POST navigation to /app/share.
  await page.evaluate(() => {
    const form = document.createElement("form");
    form.method = "POST";
    form.action = "/app/share";
    form.enctype = "multipart/form-data";
    const input = document.createElement("input");
    input.type = "file";
    input.name = "file";
    const files = new DataTransfer();
    const card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Astrid Lindqvist\r\nN:Lindqvist;Astrid;;;\r\nORG:Spotify;\r\nEND:VCARD\r\n";
    files.items.add(new File([card], "Astrid Lindqvist.vcf", { type: "text/vcard" }));
    input.files = files.files;
    form.append(input);
    document.body.append(form);
    form.submit();
  });

  await expect(page).toHaveURL(/\/app\/import\?shared=1/);
  await expect(page.getByRole("status")).toContainText("1 new");
  await expect.poll(async () => (await api.call("GET", "/api/v1/contacts")).items.map((c: { name: string }) => c.name)).toEqual(["Astrid Lindqvist"]);
});
