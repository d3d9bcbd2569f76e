import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { simulatorOf, type TestApp } from "../server/test/support/app";
import { chromiumPath, hasChromium, viewports } from "./support/browser";
import { linkNumberAs, openSignedIn, startBrowserTestServer } from "./support/link-number";
import { expectNoHorizontalScroll, screenshot } from "./support/pages";

/** Two of the simulator's personas (wuzapi-sim fixtures), as WhatsApp numbers and as shown. */
/** A persona who is in nobody's contact book. */
const stranger = "5511997284900";

const personas = [
  { number: "5521969863660", shown: "+55 21 96986-3660" },
  { number: "5521968486318", shown: "+55 21 96848-6318" },
];

describe.skipIf(!hasChromium)(
  hasChromium ? "chats in the browser" : `chats in the browser (skipped: no Chromium at ${chromiumPath})`,
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

    /** The simulator's id for a user's number: inbound messages are injected through it. */
    async function wuzapiUserIdOf(username: string): Promise<string> {
      const cookie = await server.login(username);
      const me = (await server.call(cookie, "GET", "/api/me")).json();
      const account = await server.services.accounts.findByUserId(me.user.id);
      if (!account?.wuzapi_user_id) throw new Error(`${username} has no linked number`);
      return account.wuzapi_user_id;
    }

    const chatRows = (page: Page) => page.getByRole("navigation", { name: "Chats" }).getByRole("link");
    const messageLog = (page: Page) => page.getByRole("log", { name: "Messages" });
    const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
    const bubble = (page: Page, text: string) => messageLog(page).locator(".message-row", { hasText: text });

    /** The screen fits the viewport: nothing scrolls but the panes, and the composer is in view. */
    async function expectFitsViewport(page: Page) {
      const { scrollHeight, innerHeight } = await page.evaluate(() => ({
        scrollHeight: document.scrollingElement?.scrollHeight ?? 0,
        innerHeight: window.innerHeight,
      }));
      expect(scrollHeight).toBeLessThanOrEqual(innerHeight + 1);
      await expectNoHorizontalScroll(page);
      const box = await composer(page).boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(innerHeight);
    }

    test("desktop: history chats, send with ticks, a new message arrives live with an unread badge", async () => {
      const browser = await linkNumberAs(url, "bruno", viewports.desktop);
      const { page } = browser;
      try {
        await page.getByRole("menuitem", { name: "Chats" }).click();
        await page.waitForURL(`${url}/chats`);
        await expect.poll(() => page.title()).toBe("Chats · Parley");
        // The history sync after linking brings the phone's chats.
        // It arrives in several batches: wait for them rather than count the first.
        await expect.poll(() => chatRows(page).count(), { timeout: 20_000 }).toBeGreaterThan(3);
        await screenshot(page, "desktop-chats-list");

        await chatRows(page).first().click();
        await page.waitForURL(/\/chats\/\d+$/);
        await messageLog(page).locator(".message-row").first().waitFor();
        await expectFitsViewport(page);

        const text = `Hello from Parley ${Date.now()}`;
        await composer(page).fill(text);
        await composer(page).press("Enter");
        await bubble(page, text).waitFor();
        expect(await composer(page).inputValue()).toBe("");
        // The simulator's phone answers with receipts: ✓ (sent), then ✓✓ (delivered or read).
        await bubble(page, text)
          .getByRole("img", { name: /^(Delivered|Read)$/ })
          .waitFor({ timeout: 10_000 });
        await screenshot(page, "desktop-chats-conversation");

        // WhatsApp's service is down: the message stays, marked failed, and Retry sends it later.
        const control = simulatorOf(server);
        const unlucky = `This one waits ${Date.now()}`;
        control.faults({ down: true });
        try {
          await composer(page).fill(unlucky);
          await composer(page).press("Enter");
          await bubble(page, unlucky).getByRole("img", { name: "Not sent" }).waitFor();
          await bubble(page, unlucky).getByText("WhatsApp service unavailable").waitFor();
          await screenshot(page, "desktop-chats-failed");
        } finally {
          control.faults({ down: false });
        }
        await bubble(page, unlucky).getByRole("button", { name: "Retry" }).click();
        await bubble(page, unlucky)
          .getByRole("img", { name: /^(Sent|Delivered|Read)$/ })
          .waitFor({ timeout: 10_000 });
        expect(await bubble(page, unlucky).getByRole("button", { name: "Retry" }).count()).toBe(0);

        // A message from someone whose chat is not open lands in the list, unread.
        const openChatHeader = (await page.locator(".chat-header").textContent()) ?? "";
        const sender = personas.find((persona) => !openChatHeader.includes(persona.shown)) ?? personas[0];
        const incoming = `Are you there? ${Date.now()}`;
        simulatorOf(server).inbound(await wuzapiUserIdOf("bruno"), {
          from: sender?.number ?? "",
          text: incoming,
        });
        const unreadRow = chatRows(page).filter({ hasText: incoming });
        await unreadRow.waitFor({ timeout: 10_000 });
        expect(await unreadRow.getAttribute("aria-label")).toMatch(/, \d+ unread$/);

        // Opening it shows the message and reads it.
        await unreadRow.click();
        await bubble(page, incoming).waitFor();
        await expect.poll(() => unreadRow.getAttribute("aria-label")).not.toMatch(/unread/);

        // Their phone says they are typing: the header says so.
        simulatorOf(server).typing(await wuzapiUserIdOf("bruno"), {
          from: sender?.number ?? "",
          state: "composing",
        });
        await page.locator(".chat-header").getByText("typing…").waitFor();

        // Reply to it: the answer carries the quote, and the quote leads back to it.
        await bubble(page, incoming).getByRole("button", { name: "Reply" }).click();
        await page.getByText(/^Replying to /).waitFor();
        const reply = `On my way ${Date.now()}`;
        await composer(page).fill(reply);
        await composer(page).press("Enter");
        await bubble(page, reply).getByRole("button", { name: "Show the quoted message" }).waitFor();
        expect(await bubble(page, reply).textContent()).toContain(incoming);
        expect(await page.getByText(/^Replying to /).count()).toBe(0);

        // Scrolled back in time, a button brings the newest message back.
        await messageLog(page).evaluate((log) => log.scrollTo({ top: 0 }));
        const jump = page.getByRole("button", { name: /^Jump to the newest message/ });
        await jump.click();
        await jump.waitFor({ state: "detached" });
        expect(await bubble(page, reply).isVisible()).toBe(true);

        // The contact panel shows who the chat is with; the star puts the chat with the favourites.
        const details = page.getByRole("region", { name: "Contact details" });
        if (!(await details.isVisible()))
          await page.getByRole("button", { name: "Show contact details" }).click();
        await details.waitFor();
        const title = (await page.locator(".chat-header h5").textContent()) ?? "";
        await details.getByRole("button", { name: `Add ${title} to favourites` }).click();
        await page.getByText("Favourites", { exact: true }).waitFor();
        const firstRow = chatRows(page).first();
        await expect.poll(() => firstRow.getAttribute("aria-label")).toBe(title);
        await page.mouse.move(0, 0);
        await screenshot(page, "desktop-chats-contact-panel");
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("long chat: older messages load at the top and the view stays where it was", async () => {
      const wuzapiUserId = await wuzapiUserIdOf("bruno");
      const sender = personas[1]?.number ?? "";
      const line = (n: number) => `Line ${String(n).padStart(3, "0")} of a long chat`;
      const control = simulatorOf(server);
      for (let n = 1; n <= 70; n++) control.inbound(wuzapiUserId, { from: sender, text: line(n) });

      const browser = await openSignedIn(url, "bruno", viewports.desktop, "/chats");
      const { page } = browser;
      try {
        await chatRows(page)
          .filter({ hasText: line(70) })
          .click({ timeout: 20_000 });
        await bubble(page, line(70)).waitFor();
        // One page is 50 messages: the first 20 lines wait above.
        expect(await bubble(page, line(20)).count()).toBe(0);

        await messageLog(page).evaluate((log) => log.scrollTo({ top: 0 }));
        await bubble(page, line(20)).waitFor();
        // The older page went in above what was on screen: we are not thrown to its top.
        const scrolledFromTop = await messageLog(page).evaluate((log) => log.scrollTop);
        expect(scrolledFromTop).toBeGreaterThan(200);
        expect(await bubble(page, line(21)).isVisible()).toBe(true);

        // Reading old messages, a new one is counted on the way back down rather than scrolled to.
        // (Far from the bottom it is not drawn at all: only the bubbles in view are.)
        control.inbound(wuzapiUserId, { from: sender, text: line(71) });
        await page.getByRole("button", { name: "Jump to the newest message, 1 new" }).click();
        await page
          .getByRole("button", { name: /^Jump to the newest message/ })
          .waitFor({ state: "detached" });
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("a short chat offers older messages from the phone, and they appear above", async () => {
      const wuzapiUserId = await wuzapiUserIdOf("bruno");
      const newcomer = "5511997284911";
      const first = `First words here ${Date.now()}`;
      simulatorOf(server).inbound(wuzapiUserId, { from: newcomer, text: first });

      const browser = await openSignedIn(url, "bruno", viewports.desktop, "/chats");
      const { page } = browser;
      try {
        await chatRows(page).filter({ hasText: first }).click({ timeout: 20_000 });
        await bubble(page, first).waitFor();
        expect(await messageLog(page).locator(".message-row").count()).toBe(1);

        await page.getByRole("button", { name: "Load older messages from your phone" }).click();
        // The phone answers with an on-demand history sync: older messages go in above.
        await expect
          .poll(() => messageLog(page).locator(".message-row").count(), { timeout: 15_000 })
          .toBeGreaterThan(1);
        const rows = await messageLog(page).locator(".message-row").allInnerTexts();
        expect(rows.at(-1)).toContain(first);
        await screenshot(page, "desktop-chats-older-from-phone");
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("not linked: the list offers to link the number", async () => {
      const browser = await openSignedIn(url, "alice", viewports.desktop, "/chats");
      const { page } = browser;
      try {
        await page.getByRole("link", { name: "Link your WhatsApp number" }).click();
        await page.waitForURL(`${url}/whatsapp`);
        await page.goBack();
        await page.getByText("Pick a chat to read and reply.").waitFor();
        await screenshot(page, "desktop-chats-not-linked");
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("tablet: list and chat side by side, the contact panel in a drawer that Esc closes", async () => {
      const browser = await openSignedIn(url, "bruno", { width: 900, height: 800 }, "/chats");
      const { page } = browser;
      try {
        await chatRows(page).first().click();
        await page.waitForURL(/\/chats\/\d+$/);
        await messageLog(page).locator(".message-row").first().waitFor();
        expect(await chatRows(page).count()).toBeGreaterThan(0);
        await expectFitsViewport(page);

        await page.getByRole("button", { name: "Show contact details" }).click();
        const drawer = page.getByRole("dialog");
        await drawer.getByRole("region", { name: "Contact details" }).waitFor();
        await screenshot(page, "tablet-chats-contact-drawer");
        await page.keyboard.press("Escape");
        await drawer.waitFor({ state: "hidden" });
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("phone: the list, one chat with its composer in view, back to the list; the page never scrolls", async () => {
      const browser = await linkNumberAs(url, "chen", viewports.phone);
      const { page } = browser;
      try {
        await page.goto(`${url}/chats`);
        await chatRows(page).first().waitFor({ timeout: 20_000 });
        const { scrollHeight, innerHeight } = await page.evaluate(() => ({
          scrollHeight: document.scrollingElement?.scrollHeight ?? 0,
          innerHeight: window.innerHeight,
        }));
        expect(scrollHeight).toBeLessThanOrEqual(innerHeight + 1);
        await screenshot(page, "phone-chats-list");

        await chatRows(page).first().click();
        await page.waitForURL(/\/chats\/\d+$/);
        await messageLog(page).locator(".message-row").first().waitFor();
        // One pane at a time: the list is gone while a chat is open.
        expect(await chatRows(page).count()).toBe(0);
        await expectFitsViewport(page);
        await screenshot(page, "phone-chats-conversation");

        await page.getByRole("link", { name: "Back to chats" }).click();
        await page.waitForURL(`${url}/chats`);
        await chatRows(page).first().waitFor();

        // The list comes back as it was left: a search typed before opening a chat is still there.
        const search = page.getByRole("textbox", { name: "Search chats" });
        const firstTitle = (await chatRows(page).first().locator("strong").first().textContent()) ?? "";
        await search.fill(firstTitle);
        await expect.poll(() => chatRows(page).count()).toBeGreaterThan(0);
        await chatRows(page).first().click();
        await page.getByRole("link", { name: "Back to chats" }).click();
        expect(await search.inputValue()).toBe(firstTitle);
        await search.clear();

        // Someone new writes: + puts them in the contact book from the chat's contact drawer.
        const hello = `Hi, I found your number online ${Date.now()}`;
        simulatorOf(server).inbound(await wuzapiUserIdOf("chen"), {
          from: stranger,
          text: hello,
        });
        await chatRows(page).filter({ hasText: hello }).click({ timeout: 10_000 });
        await page.getByRole("button", { name: "Show contact details" }).click();
        const details = page.getByRole("dialog").getByRole("region", { name: "Contact details" });
        await details.getByText("WhatsApp contact", { exact: true }).waitFor();
        await details.getByRole("button", { name: "Add to the contact book" }).click();
        const form = page.getByRole("dialog", { name: "Add to the contact book" });
        expect(await form.getByLabel("Name").inputValue()).not.toBe("");
        await screenshot(page, "phone-chats-add-to-book");
        await form.getByRole("button", { name: "Add contact" }).click();
        await details.getByText("In the contact book", { exact: true }).waitFor();
        await details.getByRole("link", { name: "Open in the contact book" }).waitFor();
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
