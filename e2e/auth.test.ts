import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestServer } from "../server/test/support/server";
import { chromiumPath, hasChromium, openBrowser, viewports } from "./support/browser";
import { expectNoHorizontalScroll, screenshot, signIn } from "./support/pages";

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

          await signIn(page, "alice", "not-the-password");
          const alert = page.getByRole("alert");
          await alert.waitFor();
          expect(await alert.textContent()).toContain("Wrong username or password");
          await screenshot(page, `${device}-login-error`);
          if (onPhone) await expectNoHorizontalScroll(page);

          await signIn(page, "alice", "parley-demo");
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
