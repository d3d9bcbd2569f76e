import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestServer } from "../server/test/support/server";
import { chromiumPath, hasChromium, openBrowser, viewports } from "./support/browser";

const screenshotDir = new URL("./screenshots/", import.meta.url).pathname;

async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  // Let drawers and menus finish sliding in, so the picture shows what a user sees.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== "running"),
  );
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function signIn(page: Page, password: string) {
  await page.getByLabel("Username", { exact: true }).fill("alice");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? "sign in and out in the browser"
    : `sign in and out in the browser (skipped: no Chromium at ${chromiumPath})`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;

    beforeAll(async () => {
      server = await startTestServer();
    });

    afterAll(async () => {
      await server?.close();
    });

    for (const [device, viewport] of Object.entries(viewports)) {
      const onPhone = device === "phone";

      test(`${device}: login redirect, wrong password, dashboard, menu navigation, log out`, async () => {
        const browser = await openBrowser(viewport);
        const { page } = browser;
        try {
          await page.goto(`${server.url}/`);
          await page.waitForURL(`${server.url}/login`);
          await page.getByRole("button", { name: "Sign in" }).waitFor();
          expect(await page.title()).toBe("Sign in · Parley");

          await signIn(page, "not-the-password");
          const alert = page.getByRole("alert");
          await alert.waitFor();
          expect(await alert.textContent()).toContain("Wrong username or password");
          await screenshot(page, `${device}-login-error`);
          if (onPhone) await expectNoHorizontalScroll(page);

          await signIn(page, "parley-demo");
          await page.waitForURL(`${server.url}/`);
          const contactsCount = page
            .getByRole("group", { name: "Contacts", exact: true })
            .locator(".ant-statistic-content-value");
          await contactsCount.waitFor();
          expect(Number((await contactsCount.textContent())?.replace(/\D/g, ""))).toBeGreaterThan(0);
          expect(await page.title()).toBe("Dashboard · Parley");
          await page.getByText("Recent activity").waitFor();
          await screenshot(page, `${device}-dashboard`);
          if (onPhone) await expectNoHorizontalScroll(page);

          if (onPhone) {
            await page.getByRole("button", { name: "Open menu" }).click();
            await page.getByRole("dialog").getByRole("menuitem", { name: "Contacts" }).waitFor();
            await screenshot(page, `${device}-menu-drawer`);
          }
          await page.getByRole("menuitem", { name: "Contacts" }).click();
          await page.waitForURL(`${server.url}/contacts`);
          await page.locator(".ant-table-row").first().waitFor();
          expect(await page.title()).toBe("Contacts · Parley");
          await screenshot(page, `${device}-contacts`);
          if (onPhone) await expectNoHorizontalScroll(page);

          await page.getByRole("button", { name: "Account menu" }).click();
          const logOut = page.getByRole("menuitem", { name: "Log out" });
          await logOut.waitFor();
          await screenshot(page, `${device}-account-menu`);
          await logOut.click();
          await page.waitForURL(`${server.url}/login`);
          await page.getByRole("button", { name: "Sign in" }).waitFor();

          // The session is gone: the app sends us back to login.
          await page.goto(`${server.url}/contacts`);
          await page.waitForURL(`${server.url}/login?next=%2Fcontacts`);

          expect(browser.errors).toEqual([]);
        } finally {
          await browser.close();
        }
      });
    }
  },
);
