import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { MessageItem } from "../server/src/modules/chats/chats.service";
import { simulatorOf, type TestApp } from "../server/test/support/app";
import { settle } from "../server/test/support/linked-number";
import { chromiumPath, hasChromium, openBrowser, viewports } from "./support/browser";
import { linkNumberAs, PASSWORD, startBrowserTestServer } from "./support/link-number";
import { expectNoHorizontalScroll, screenshot, signIn } from "./support/pages";

/** A number none of the simulated phones knows: its messages start a chat of their own. */
const stranger = "5511997281234";
/** The long chat: big enough that drawing every bubble would be thousands of DOM nodes. */
const LONG_CHAT_MESSAGES = 5_000;
/** Bubbles a tall desktop window shows, plus the rows drawn either side of it. */
const MAX_DRAWN_BUBBLES = 60;

describe.skipIf(!hasChromium)(
  hasChromium
    ? "message actions in the browser"
    : `message actions in the browser (skipped: no Chromium at ${chromiumPath})`,
  () => {
    let server: TestApp;
    let url: string;
    let cookie: string;
    let wuzapiUserId: string;
    let accountId: number;

    beforeAll(async () => {
      server = await startBrowserTestServer();
      url = server.parley.url;
    });

    afterAll(async () => {
      await server?.close();
    });

    const control = () => simulatorOf(server);
    const messageLog = (page: Page) => page.getByRole("log", { name: "Messages" });
    const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
    const bubble = (page: Page, text: string) => messageLog(page).locator(".message-row", { hasText: text });
    const drawnBubbles = (page: Page) => messageLog(page).locator(".message-row").count();
    const storedMessage = async (chatId: number, text: string) => {
      const { items } = (
        await server.call(cookie, "GET", `/api/chats/${chatId}/messages?limit=100`)
      ).json() as {
        items: MessageItem[];
      };
      return items.find((message) => message.text === text || message.text?.includes(text));
    };

    test("react to a message, write with the emoji picker, delete my message for everyone", async () => {
      const browser = await linkNumberAs(url, "bruno", viewports.desktop);
      const { page } = browser;
      // The app is self-hosted and must work offline: nothing is fetched from anywhere but itself.
      const remote: string[] = [];
      page.on("request", (request) => {
        if (!request.url().startsWith(url) && !request.url().startsWith("data:")) remote.push(request.url());
      });
      try {
        cookie = await server.login("bruno");
        const me = (await server.call(cookie, "GET", "/api/me")).json();
        const account = await server.services.accounts.findByUserId(me.user.id);
        wuzapiUserId = account?.wuzapi_user_id as string;
        accountId = account?.id as number;
        const incoming = `Can you confirm the delivery? ${Date.now()}`;
        control().inbound(wuzapiUserId, { from: stranger, text: incoming });
        await settle(server, control());

        await page.getByRole("menuitem", { name: "Chats" }).click();
        await page
          .getByRole("navigation", { name: "Chats" })
          .getByRole("link")
          .filter({ hasText: incoming })
          .click({ timeout: 20_000 });
        const chatId = Number(/\/chats\/(\d+)$/.exec(page.url())?.[1]);

        // React: the smiley beside the bubble offers the quick row; 👍 goes on the bubble and to WhatsApp.
        await bubble(page, incoming).hover();
        await bubble(page, incoming).getByRole("button", { name: "React" }).click();
        await page.getByRole("group", { name: "Reactions" }).waitFor();
        await screenshot(page, "desktop-message-react");
        await page.getByRole("button", { name: "React 👍" }).click();
        await bubble(page, incoming).getByText("👍").waitFor();
        await expect
          .poll(async () => (await storedMessage(chatId, incoming))?.reactions)
          .toEqual([{ emoji: "👍", count: 1, mine: true }]);
        // Tapping my reaction under the bubble takes it back, here and on WhatsApp.
        await bubble(page, incoming).getByRole("button", { name: "👍 1: take my reaction back" }).click();
        await bubble(page, incoming).getByText("👍").waitFor({ state: "detached" });
        await expect.poll(async () => (await storedMessage(chatId, incoming))?.reactions).toEqual([]);

        // The emoji picker puts its emoji where the cursor is, not at the end.
        await composer(page).fill("On my way, see you");
        await composer(page).evaluate((input: HTMLTextAreaElement) => input.setSelectionRange(10, 10));
        await page.getByRole("button", { name: "Emoji", exact: true }).click();
        const search = page.getByPlaceholder("Search", { exact: true });
        await search.fill("rocket");
        await page.locator('[aria-label="rocket"]').first().click();
        await expect.poll(() => composer(page).inputValue()).toBe("On my way,🚀 see you");
        await screenshot(page, "desktop-message-emoji-picker");
        // Esc clears the search, a second one closes the picker alone (the contact panel stays).
        await page.keyboard.press("Escape");
        await expect.poll(() => search.inputValue()).toBe("");
        await page.keyboard.press("Escape");
        await page.getByRole("dialog", { name: "Emoji", exact: true }).waitFor({ state: "detached" });
        expect(await page.getByRole("region", { name: "Contact details" }).isVisible()).toBe(true);
        await composer(page).press("Enter");
        const typed = "On my way,🚀 see you";
        await bubble(page, typed)
          .getByRole("img", { name: /^(Sent|Delivered|Read)$/ })
          .waitFor({ timeout: 10_000 });

        // A right click (a long press on a phone) opens the same menu: edit it within 15 minutes.
        await bubble(page, typed).locator("p, span", { hasText: typed }).first().click({ button: "right" });
        await page.getByRole("menuitem", { name: "Edit" }).click();
        const editor = page.getByRole("dialog", { name: "Edit message" });
        await editor.getByRole("textbox", { name: "Message text" }).fill("On my way, there in 5");
        await editor.getByRole("button", { name: "Save" }).click();
        const sent = "On my way, there in 5";
        await bubble(page, sent).getByText("edited").waitFor();
        await expect.poll(async () => (await storedMessage(chatId, sent))?.editedAt).not.toBeNull();

        // Delete it for everyone, after a confirmation.
        await bubble(page, sent).hover();
        await bubble(page, sent).getByRole("button", { name: "Message actions" }).click();
        await page.getByRole("menuitem", { name: "Delete for everyone" }).click();
        await page.getByText("Delete for everyone?").waitFor();
        await screenshot(page, "desktop-message-delete-confirm");
        await page.getByRole("button", { name: "Delete", exact: true }).click();
        await messageLog(page).getByText("You deleted this message").waitFor();
        // The chat list says so too, rather than showing the deleted words or nothing.
        await page
          .getByRole("navigation", { name: "Chats" })
          .getByRole("link")
          .filter({ hasText: "You deleted this message" })
          .waitFor();
        expect(await bubble(page, sent).count()).toBe(0);
        const { items } = (await server.call(cookie, "GET", `/api/chats/${chatId}/messages`)).json() as {
          items: MessageItem[];
        };
        expect(items.at(-1)).toMatchObject({ fromMe: true, text: null });
        expect(items.at(-1)?.deletedAt).not.toBeNull();
        await screenshot(page, "desktop-message-deleted");

        expect(remote).toEqual([]);
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("a 5,000-message chat keeps only a window of bubbles and loads older ones without jumping", async () => {
      const db = server.services.database.db;
      await control().historySync(wuzapiUserId, {
        conversations: 1,
        messagesPerConversation: LONG_CHAT_MESSAGES,
      });
      await settle(server, control());
      const longest = await db
        .selectFrom("message")
        .select(["chat_id", (eb) => eb.fn.countAll<string>().as("n")])
        .where("account_id", "=", accountId)
        .groupBy("chat_id")
        .orderBy("n", "desc")
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(Number(longest.n)).toBeGreaterThanOrEqual(LONG_CHAT_MESSAGES * 0.8);

      const browser = await openBrowser(viewports.desktop);
      const { page } = browser;
      try {
        // Older pages arrive a moment after the scroll, as over a real network: the test sees the view before and after.
        await page.route(/\/messages\?before=/, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          await route.continue();
        });
        await page.goto(`${url}/login?next=${encodeURIComponent(`/chats/${longest.chat_id}`)}`);
        await signIn(page, "bruno", PASSWORD);
        await messageLog(page).locator(".message-row").first().waitFor();
        // Opened at the newest message, with the composer right under it.
        const atEnd = () =>
          messageLog(page).evaluate((log) => log.scrollHeight - log.clientHeight - log.scrollTop);
        await expect.poll(atEnd).toBeLessThan(5);
        expect(await drawnBubbles(page)).toBeLessThanOrEqual(MAX_DRAWN_BUBBLES);
        await screenshot(page, "desktop-long-chat");

        // Scroll back through several pages: each goes in above the message being read, which stays put.
        for (let pageLoad = 0; pageLoad < 4; pageLoad++) {
          // At the very top, the first bubble in view is the one being read (once the rows for the
          // new position are drawn: a frame or two after the scroll).
          const waId = await messageLog(page).evaluate(async (log) => {
            log.scrollTo({ top: 0 });
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            const top = log.getBoundingClientRect().top;
            const rows = [...log.querySelectorAll("[data-wa-id]")];
            return rows.find((row) => row.getBoundingClientRect().bottom > top)?.getAttribute("data-wa-id");
          });
          const reading = messageLog(page).locator(`[data-wa-id="${waId}"]`);
          const before = (await reading.boundingBox())?.y ?? Number.NaN;
          // Older bubbles go in above it…
          await expect
            .poll(() => messageLog(page).evaluate((log) => log.scrollTop), { timeout: 10_000 })
            .toBeGreaterThan(1_000);
          // …and it stays where it was: measuring the new bubbles may nudge it, never by a page.
          const after = (await reading.boundingBox())?.y ?? Number.NaN;
          expect(Math.abs(after - before)).toBeLessThan(80);
          expect(await drawnBubbles(page)).toBeLessThanOrEqual(MAX_DRAWN_BUBBLES);
        }
        await screenshot(page, "desktop-long-chat-older");

        // Back to the newest with the button; still only a window of bubbles.
        await page.getByRole("button", { name: /^Jump to the newest message/ }).click();
        await expect.poll(atEnd, { timeout: 10_000 }).toBeLessThan(5);
        expect(await drawnBubbles(page)).toBeLessThanOrEqual(MAX_DRAWN_BUBBLES);

        // A reply arrives to a message a hundred back (loaded, but long out of the DOM): its quote
        // leads there, scrolled into view and highlighted.
        const { items } = (
          await server.call(cookie, "GET", `/api/chats/${longest.chat_id}/messages?limit=100`)
        ).json() as { items: MessageItem[] };
        const answered = items[0] as MessageItem;
        const chat = (await server.call(cookie, "GET", `/api/chats/${longest.chat_id}`)).json().chat;
        expect(chat.isGroup).toBe(false);
        const reply = `About that one ${Date.now()}`;
        // With six pages loaded, a new message costs one page of requests, not six.
        const pageRequests: string[] = [];
        page.on("request", (request) => {
          if (/\/messages(\?|$)/.test(request.url())) pageRequests.push(request.url());
        });
        control().inbound(wuzapiUserId, {
          from: chat.jid.split("@")[0],
          text: reply,
          quotedId: answered.waId,
        });
        await bubble(page, reply).waitFor();
        expect(pageRequests).toHaveLength(1);
        // Screen readers hear it once, from a live region beside the log (the log is not live: its
        // bubbles come and go as it scrolls).
        const announcer = messageLog(page).locator("xpath=..").locator('[aria-live="polite"]');
        await expect.poll(() => announcer.textContent()).toContain(reply);
        await bubble(page, reply).getByRole("button", { name: "Show the quoted message" }).click();
        const original = messageLog(page).locator(".message-highlight");
        await original.locator(`[data-wa-id="${answered.waId}"]`).waitFor();
        const logBox = await messageLog(page).boundingBox();
        const originalBox = await original.boundingBox();
        expect(originalBox?.y ?? -1).toBeGreaterThanOrEqual(logBox?.y ?? 0);
        expect((originalBox?.y ?? 0) + (originalBox?.height ?? 0)).toBeLessThanOrEqual(
          (logBox?.y ?? 0) + (logBox?.height ?? 0),
        );
        await screenshot(page, "desktop-long-chat-quote");
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    test("phone: the actions sit beside each bubble without widening the page; the reactions fit", async () => {
      const browser = await openBrowser(viewports.phone);
      const { page } = browser;
      try {
        const text = `A long question from a phone about the invoice and the delivery date ${Date.now()}`;
        control().inbound(wuzapiUserId, { from: stranger, text });
        await settle(server, control());
        const chat = (await server.call(cookie, "GET", "/api/chats?limit=100"))
          .json()
          .items.find((item: { jid: string }) => item.jid === `${stranger}@s.whatsapp.net`);
        await page.goto(`${url}/login?next=${encodeURIComponent(`/chats/${chat.id}`)}`);
        await signIn(page, "bruno", PASSWORD);
        await bubble(page, text).waitFor();
        await expectNoHorizontalScroll(page);
        await bubble(page, text).getByRole("button", { name: "React" }).click();
        const reactions = page.getByRole("group", { name: "Reactions" });
        await reactions.waitFor();
        const box = await reactions.boundingBox();
        expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewports.phone.width);
        await screenshot(page, "phone-message-react");
        await page.getByRole("button", { name: "React ❤️" }).click();
        await bubble(page, text).getByText("❤️").waitFor();
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
