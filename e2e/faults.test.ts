import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { simulatorOf, type TestApp } from "../server/test/support/app";
import { settle } from "../server/test/support/linked-number";
import { chromiumPath, hasChromium, viewports } from "./support/browser";
import { linkNumberAs, startBrowserTestServer } from "./support/link-number";
import { screenshot } from "./support/pages";

/**
 * Faults as a person at the screen sees them: WuzAPI out of reach, and the tab's live connection
 * lost while messages arrive.
 */
describe.skipIf(!hasChromium)(
  hasChromium ? "faults in the browser" : `faults in the browser (skipped: no Chromium at ${chromiumPath})`,
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

    const control = () => simulatorOf(server);
    const wuzapiUserIdOf = async (username: string) => {
      const cookie = await server.login(username);
      const me = (await server.call(cookie, "GET", "/api/me")).json();
      return (await server.services.accounts.findByUserId(me.user.id))?.wuzapi_user_id as string;
    };
    const chatRows = (page: Page) => page.getByRole("navigation", { name: "Chats" }).getByRole("link");
    const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });

    test("WuzAPI out of reach: the number shows offline with the reason, sending is off, and it comes back by itself", async () => {
      const browser = await linkNumberAs(url, "bruno", viewports.desktop);
      const { page } = browser;
      try {
        control().faults({ down: true });
        try {
          // The periodic check runs (every minute in production).
          await server.services.whatsapp.reconcile();
          await page.getByText("Parley can't reach the WhatsApp service").waitFor();
          await screenshot(page, "desktop-whatsapp-wuzapi-unreachable");

          await page.goto(`${url}/chats`);
          await chatRows(page).first().click();
          await page
            .getByText(
              "Parley can't reach the WhatsApp service, so messages can't be sent until it answers again.",
            )
            .waitFor();
          expect(await composer(page).isDisabled()).toBe(true);
        } finally {
          control().faults({ down: false });
        }
        // WuzAPI answers again: the next check finds the session alive and the tab follows live.
        await server.services.whatsapp.reconcile();
        await page
          .getByText(
            "Parley can't reach the WhatsApp service, so messages can't be sent until it answers again.",
          )
          .waitFor({
            state: "detached",
          });
        expect(await composer(page).isDisabled()).toBe(false);
        // Pictures not downloaded yet could not be fetched from WhatsApp meanwhile: that answer is expected.
        expect(browser.errors.filter((error) => !/^50\d from \S+\/media$/.test(error))).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("the live connection drops while messages arrive: after it is back, the list and the open chat show them all", async () => {
      const browser = await linkNumberAs(url, "chen", viewports.desktop);
      const { page } = browser;
      try {
        const wuzapiUserId = await wuzapiUserIdOf("chen");
        const [first, second] = control().user(wuzapiUserId).peers;
        await page.goto(`${url}/chats`);
        await chatRows(page).first().waitFor();
        // Open the chat with the first peer.
        await chatRows(page)
          .filter({ hasText: first?.name ?? "" })
          .first()
          .click();
        const log = page.getByRole("log", { name: "Messages" });
        await log.waitFor();

        // The live connection drops and cannot come back for a while. The page stays online
        // otherwise, so only the realtime client's own reconnect can bring the missed messages.
        let blocked = true;
        await page.routeWebSocket(/\/api\/ws$/, (socket) => {
          if (blocked) void socket.close({ code: 1011, reason: "unavailable" });
          else socket.connectToServer();
        });
        for (const socket of server.app.websocketServer.clients) socket.terminate();
        await page.getByRole("status", { name: "Reconnecting" }).waitFor();

        const stamp = Date.now();
        const missedInOpenChat = [0, 1, 2].map((index) => `missed in the open chat ${index} (${stamp})`);
        const missedElsewhere = `missed in another chat (${stamp})`;
        for (const text of missedInOpenChat)
          control().inbound(wuzapiUserId, { from: first?.number ?? "", text });
        control().inbound(wuzapiUserId, { from: second?.number ?? "", text: missedElsewhere });
        await settle(server, control());
        // Nothing can reach the tab meanwhile.
        await page.waitForTimeout(300);
        expect(await log.getByText(missedInOpenChat[0] as string).count()).toBe(0);

        blocked = false;
        await page
          .getByRole("status", { name: "Reconnecting" })
          .waitFor({ state: "detached", timeout: 15_000 });
        // Reconnected, the tab refetches: every missed message, once, in order, and the other chat's news.
        for (const text of missedInOpenChat) await log.getByText(text).waitFor();
        const shown = await log.locator(".message-row").allTextContents();
        const positions = missedInOpenChat.map((text) => shown.findIndex((row) => row.includes(text)));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        for (const text of missedInOpenChat)
          expect(shown.filter((row) => row.includes(text))).toHaveLength(1);
        await chatRows(page).filter({ hasText: missedElsewhere }).waitFor();
        await screenshot(page, "desktop-chats-caught-up-after-reconnect");
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
