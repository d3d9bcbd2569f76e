import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestApp } from "../server/test/support/app";
import { chromiumPath, hasChromium, viewports } from "./support/browser";
import { linkNumberAs, openSignedIn, startBrowserTestServer } from "./support/link-number";
import { expectNoHorizontalScroll, screenshot } from "./support/pages";

describe.skipIf(!hasChromium)(
  hasChromium
    ? "contacts in the browser"
    : `contacts in the browser (skipped: no Chromium at ${chromiumPath})`,
  () => {
    let server: TestApp;
    let url: string;

    beforeAll(async () => {
      server = await startBrowserTestServer();
      url = server.parley.url;
    });

    afterAll(async () => {
      await server?.close();
    });

    const tab = (page: Page, name: string) => page.getByRole("tab", { name });
    // Rows of the view on screen (a view that was just left may still be fading out).
    const tableRows = (page: Page) =>
      page.locator("[role=tabpanel][aria-hidden=false] .ant-table-tbody tr.ant-table-row");
    const rowOf = (page: Page, name: string) => tableRows(page).filter({ hasText: name });
    const favourites = (page: Page) => page.getByRole("list", { name: "Favourites" }).getByRole("listitem");
    const favouriteNames = async (page: Page) =>
      (await favourites(page).locator("a").allTextContents()).map((name) => name.trim());
    /** The number on a statistic card of the match review. */
    const statistic = async (page: Page, title: string) => {
      const card = page.getByRole("button", { name: new RegExp(`^${title}: `) });
      await card.locator(".ant-statistic-content-value").waitFor();
      return Number((await card.locator(".ant-statistic-content-value").textContent())?.replace(/\D/g, ""));
    };
    const waitForMatchedRows = async (page: Page) => {
      // Contacts arrive from the phone after linking; matched rows carry the card's name in green.
      await tableRows(page).locator(".ant-tag-success").first().waitFor({ timeout: 20_000 });
    };

    test("desktop: WhatsApp contacts matched with their tags, review, +, favourites in my order", async () => {
      const browser = await linkNumberAs(url, "bruno", viewports.desktop);
      const { page } = browser;
      try {
        await page.getByRole("menuitem", { name: "Contacts" }).click();
        await page.waitForURL(`${url}/contacts`);
        await tab(page, "My WhatsApp contacts").click();
        await page.waitForURL(/view=whatsapp/);
        await waitForMatchedRows(page);

        // A matched row shows the card's name and the card's tag, in the tag's colour.
        const matched = tableRows(page)
          .filter({ has: page.locator(".ant-tag-success") })
          .first();
        const cardTag = matched.locator(".ant-tag:not(.ant-tag-success)");
        await cardTag.waitFor();
        expect(await cardTag.textContent()).toMatch(/Customer|Supplier|Lead|VIP|Partner|Do not contact/);
        expect(await matched.locator(".ant-tag-success").textContent()).not.toBe("");
        await screenshot(page, "desktop-contacts-whatsapp");

        // The view is in the URL: a reload comes back to it.
        await page.reload();
        await waitForMatchedRows(page);
        expect(await tab(page, "My WhatsApp contacts").getAttribute("aria-selected")).toBe("true");

        // Match review: suggestions wait for a person.
        await tab(page, "Match review").click();
        await page.waitForURL(/view=review/);
        const variantsBefore = await statistic(page, "Possible matches");
        const matchedBefore = await statistic(page, "Matched");
        expect(variantsBefore).toBeGreaterThan(0);
        expect(await statistic(page, "Shared numbers")).toBeGreaterThan(0);
        const variantTable = page
          .locator("section", { hasText: "Possible matches" })
          .locator(".ant-table-row");
        await variantTable.first().waitFor();
        await page.locator("section", { hasText: "Shared numbers" }).getByRole("radio").first().waitFor();
        await screenshot(page, "desktop-contacts-match-review");

        await variantTable
          .first()
          .getByRole("button", { name: /^Confirm / })
          .click();
        await page.getByText(/ linked to /).waitFor();
        await expect.poll(() => statistic(page, "Possible matches")).toBe(variantsBefore - 1);
        expect(await statistic(page, "Matched")).toBe(matchedBefore + 1);

        // A statistic opens the list it counts.
        await page.getByRole("button", { name: /^Not in the book: / }).click();
        await page.waitForURL(/view=whatsapp&match=unmatched/);
        const firstUnmatched = tableRows(page).filter({ hasText: "Not in the contact book" }).first();
        await firstUnmatched.waitFor();
        const newName = (
          (await firstUnmatched.locator("td").first().locator("strong").textContent()) ?? ""
        ).trim();
        expect(newName).not.toBe("");

        // + adds the WhatsApp contact to the contact book, with a tag, and links it.
        await firstUnmatched.getByRole("button", { name: `Add ${newName} to the contact book` }).click();
        const dialog = page.getByRole("dialog", { name: "Add to the contact book" });
        await dialog.getByLabel("Name").waitFor();
        expect(await dialog.getByLabel("Name").inputValue()).toBe(newName);
        await dialog.getByLabel("Tag").click();
        await page.locator('.ant-select-item-option[title="VIP"]').click();
        await screenshot(page, "desktop-contacts-add-to-book");
        await dialog.getByRole("button", { name: "Add contact" }).click();
        await page.getByText(`${newName} added to the contact book`).waitFor();
        await dialog.waitFor({ state: "detached" });

        await page.getByLabel("Show").click();
        await page.locator('.ant-select-item-option[title="In the contact book"]').click();
        await page.getByLabel("Search WhatsApp contacts").fill(newName);
        const added = rowOf(page, newName).filter({ has: page.locator(".ant-tag-success") });
        await added.waitFor();
        expect(await added.locator(".ant-tag", { hasText: "VIP" }).count()).toBe(1);

        // Star it: it is pinned as its new card, so it shows with the card's tag.
        await added.getByRole("button", { name: `Add ${newName} to favourites` }).click();
        await favourites(page).filter({ hasText: newName }).waitFor();
        await added.getByRole("button", { name: `Remove ${newName} from favourites` }).waitFor();

        // A second favourite, from the contact book, to have an order to change.
        await tab(page, "Contact book").click();
        await page.waitForURL(/view=book/);
        const bookRow = tableRows(page).filter({ hasNotText: newName }).first();
        await bookRow.waitFor();
        const otherName = (
          (await bookRow.locator("td").first().locator("strong").textContent()) ?? ""
        ).trim();
        await bookRow.getByRole("button", { name: `Add ${otherName} to favourites` }).click();
        await favourites(page).filter({ hasText: otherName }).waitFor();
        await expect.poll(() => favouriteNames(page)).toEqual([newName, otherName]);
        await screenshot(page, "desktop-contacts-favourites");

        // Drag the second favourite onto the first.
        await favourites(page).nth(1).dragTo(favourites(page).nth(0));
        await expect.poll(() => favouriteNames(page)).toEqual([otherName, newName]);
        // And back with the keyboard-friendly buttons.
        await page.getByRole("button", { name: `Move ${newName} earlier` }).click();
        await expect.poll(() => favouriteNames(page)).toEqual([newName, otherName]);
        await page.getByRole("button", { name: `Move ${newName} later` }).click();
        await expect.poll(() => favouriteNames(page)).toEqual([otherName, newName]);

        // The order is the server's, not only the screen's.
        await page.reload();
        await favourites(page).first().waitFor();
        expect(await favouriteNames(page)).toEqual([otherName, newName]);

        // A favourite opens its card in the contact book.
        await favourites(page).filter({ hasText: newName }).getByRole("link", { name: newName }).click();
        await page.waitForURL(/view=book&q=/);
        await expect.poll(() => page.getByLabel("Search contacts").inputValue()).toBe(newName);
        await rowOf(page, newName)
          .filter({ has: page.locator(".ant-tag", { hasText: "VIP" }) })
          .waitFor();

        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("desktop: the contact form checks the phone as it is typed; CSV import previews, then adds", async () => {
      const browser = await openSignedIn(url, "alice", viewports.desktop, "/contacts");
      const { page } = browser;
      try {
        const firstRow = tableRows(page).first();
        await firstRow.waitFor();
        const taken = ((await firstRow.locator("td").first().locator("strong").textContent()) ?? "").trim();
        const takenPhone = (
          (await firstRow.locator("td").nth(2).locator("span").first().textContent()) ?? ""
        ).trim();

        await page.getByRole("button", { name: "New contact" }).click();
        const dialog = page.getByRole("dialog", { name: "New contact" });
        const phone = dialog.getByLabel("Phone");
        await phone.fill("12");
        await dialog.getByText("Not a valid phone number").waitFor();
        await phone.fill("+44 7911 123456");
        await dialog.getByText("Saved as +447911123456").waitFor();
        if (takenPhone) {
          await phone.fill(takenPhone);
          await dialog.getByText(`Already used by ${taken}`).waitFor();
        }
        await screenshot(page, "desktop-contacts-phone-check");
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await dialog.waitFor({ state: "detached" });

        // CSV import: a dry run shows each row's fate, then only the new rows are added.
        await page.getByRole("button", { name: "Import CSV" }).click();
        const importDialog = page.getByRole("dialog", { name: "Import contacts from a CSV file" });
        await importDialog.locator("input[type=file]").setInputFiles({
          name: "contacts.csv",
          mimeType: "text/csv",
          buffer: Buffer.from(
            `name,phone,tag\n"Zoë Imported",+44 7911 123456,VIP\nSame Number,${takenPhone.includes(",") ? "" : takenPhone},\nBroken,12,\n`,
          ),
        });
        await importDialog.getByText("3 rows:").waitFor();
        expect(await importDialog.getByRole("status").textContent()).toContain("1 new");
        await screenshot(page, "desktop-contacts-import-preview");
        await importDialog.getByRole("button", { name: "Import 1 contact" }).click();
        await page.getByText("1 contacts imported").waitFor();
        await page.getByLabel("Search contacts").fill("Zoë Imported");
        await rowOf(page, "Zoë Imported")
          .filter({ has: page.locator(".ant-tag", { hasText: "VIP" }) })
          .waitFor();
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("phone: every contacts view fits a 375 px screen", async () => {
      const browser = await linkNumberAs(url, "chen", viewports.phone);
      const { page } = browser;
      const fits = async (name: string, ready: Locator) => {
        await ready.waitFor();
        await screenshot(page, name);
        await expectNoHorizontalScroll(page);
      };
      try {
        await page.goto(`${url}/contacts?view=whatsapp`);
        await waitForMatchedRows(page);
        await fits("phone-contacts-whatsapp", tableRows(page).first());
        await tableRows(page)
          .filter({ has: page.locator(".ant-tag-success") })
          .first()
          .getByRole("button", { name: /to favourites$/ })
          .click();
        await favourites(page).first().waitFor();
        await tab(page, "Review").click();
        await fits("phone-contacts-match-review", page.locator("section .ant-table-row").first());
        await tab(page, "Book").click();
        await fits("phone-contacts-book", tableRows(page).first());
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
