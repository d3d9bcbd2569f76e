import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { simulatorOf, type TestApp } from "../server/test/support/app";
import { chromiumPath, hasChromium, viewports } from "./support/browser";
import { openWhatsAppAs, startBrowserTestServer } from "./support/link-number";
import { expectNoHorizontalScroll, screenshot } from "./support/pages";

/** The simulator's numbers are Brazilian mobiles, shown as "+55 11 91234-5678". */
const formattedPhone = /\+\d{1,3} \d{2,3} \d{3,5}-\d{4}/;

describe.skipIf(!hasChromium)(
  hasChromium
    ? "link a WhatsApp number in the browser"
    : `link a WhatsApp number in the browser (skipped: no Chromium at ${chromiumPath})`,
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

    // After a failed attempt antd can leave its loading icon mid-fade inside the button ("loading Connect").
    const connectButton = (page: Page) => page.getByRole("button", { name: /(^|\s)Connect$/ });
    const qrImage = (page: Page) => page.getByRole("img", { name: "WhatsApp linking QR code" });
    const myNumber = (page: Page) => page.getByText(formattedPhone).first();
    // Button names start with their icon's label ("poweroff Disconnect", "disconnect Unlink").
    const disconnectButton = (page: Page) => page.getByRole("button", { name: /Disconnect$/ });

    test("desktop: link by QR, expire, disconnect, reconnect without QR, unlink; a second tab follows live", async () => {
      const browser = await openWhatsAppAs(url, "bruno", viewports.desktop);
      const { page, context } = browser;
      try {
        await connectButton(page).waitFor();
        expect(await page.title()).toBe("WhatsApp · Parley");
        await screenshot(page, "desktop-whatsapp-not-linked");

        // Same user, second tab: it must follow every change without a reload.
        const otherTab = await context.newPage();
        await otherTab.goto(`${url}/whatsapp`);
        await connectButton(otherTab).waitFor();

        // Nobody scans: the codes run out, the page says so and does not start over by itself.
        await connectButton(page).click();
        await qrImage(page).waitFor();
        await qrImage(otherTab).waitFor();
        // WhatsApp rotates the code; the page shows each new one as it arrives.
        const firstCode = await qrImage(page).getAttribute("src");
        await page.waitForFunction(
          (first) =>
            document.querySelector("img[alt='WhatsApp linking QR code']")?.getAttribute("src") !== first,
          firstCode,
        );
        await page.getByText("The code expired — get a new code").waitFor();
        await screenshot(page, "desktop-whatsapp-code-expired");
        await page.waitForTimeout(1_000);
        expect(await qrImage(page).count()).toBe(0);

        await page.getByRole("button", { name: "Get a new code" }).click();
        await qrImage(page).waitFor();
        await screenshot(page, "desktop-whatsapp-qr");
        await page.getByRole("button", { name: "Simulate scan" }).click();
        await myNumber(page).waitFor();
        await page.getByText("Connected", { exact: true }).first().waitFor();
        await myNumber(otherTab).waitFor();
        await screenshot(page, "desktop-whatsapp-connected");

        await disconnectButton(page).click();
        await page.getByRole("tooltip").getByRole("button", { name: "Disconnect" }).click();
        await page.getByText("Your number is offline").waitFor();
        await otherTab.getByText("Your number is offline").waitFor();

        // Paired already: Connect resumes the session, no QR code on the way.
        await connectButton(page).click();
        await disconnectButton(page).waitFor();
        expect(await qrImage(page).count()).toBe(0);
        await disconnectButton(otherTab).waitFor();

        await page.getByRole("button", { name: "Unlink" }).click();
        await page
          .getByRole("dialog", { name: "Unlink this number?" })
          .getByRole("button", { name: "Unlink" })
          .click();
        await connectButton(page).waitFor();
        await connectButton(otherTab).waitFor();

        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("phone: the QR and connected views fit a 375 px screen", async () => {
      const browser = await openWhatsAppAs(url, "chen", viewports.phone);
      const { page } = browser;
      try {
        await connectButton(page).click();
        await qrImage(page).waitFor();
        await screenshot(page, "phone-whatsapp-qr");
        await expectNoHorizontalScroll(page);

        await page.getByRole("button", { name: "Use a phone number instead" }).click();
        await page.getByLabel("Your WhatsApp number").fill("+55 11 98765-4321");
        await page.getByRole("button", { name: "Get a linking code" }).click();
        expect(await page.getByLabel("Linking code").textContent()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
        await screenshot(page, "phone-whatsapp-pairing-code");
        await expectNoHorizontalScroll(page);
        await page.getByRole("button", { name: "Simulate scan" }).click();
        await myNumber(page).waitFor();
        await screenshot(page, "phone-whatsapp-connected");
        await expectNoHorizontalScroll(page);
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("admin: team numbers show each member's state; WhatsApp's service being down is explained, not a crash", async () => {
      const browser = await openWhatsAppAs(url, "alice", viewports.desktop);
      const { page } = browser;
      try {
        const chenRow = page.getByRole("row").filter({ hasText: "@chen" });
        await chenRow.getByText("Connected").waitFor();
        expect(await chenRow.textContent()).toMatch(formattedPhone);
        await screenshot(page, "desktop-whatsapp-team-numbers");

        simulatorOf(server).faults({ down: true });
        try {
          await connectButton(page).click();
          await page.getByText("WhatsApp service unavailable — try again shortly").waitFor();
          await screenshot(page, "desktop-whatsapp-service-down");
        } finally {
          simulatorOf(server).faults({ down: false });
        }
        await connectButton(page).click();
        await qrImage(page).waitFor();
        expect(await page.getByText("WhatsApp service unavailable").count()).toBe(0);

        // The 503 above was the point of the exercise; nothing else may fail.
        expect(browser.errors.filter((error) => !error.startsWith("503 from"))).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
