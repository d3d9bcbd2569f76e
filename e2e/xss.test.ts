import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { simulatorOf, type TestApp } from "../server/test/support/app";
import { settle } from "../server/test/support/linked-number";
import { type BrowserSession, chromiumPath, hasChromium, viewports } from "./support/browser";
import { linkNumberAs, startBrowserTestServer } from "./support/link-number";
import { screenshot } from "./support/pages";

/** Markup that runs script if any screen renders it as HTML; each names where it came from. */
const img = (where: string) => `<img src=x onerror=alert('${where}')>`;
const script = (where: string) => `<script>alert('${where}')</script>`;

const TAG = img("tag");
const BOOK_NAME = `Eve ${img("contact-name")}`;
const BOOK_COMPANY = script("company");
const PUSH_NAME = `Mallory ${img("push-name")}`;
const MESSAGE = [
  `Look ${img("message")}`,
  script("message-script"),
  "[click](javascript:alert('markdown-link'))",
  "javascript:alert('bare-link')",
  `<a href="javascript:alert('anchor')">anchor</a>`,
  "https://parley.example/fine",
].join(" ");

/** Senders unknown to the simulator's phone: one known only by push name, one in the contact book. */
const STRANGER = "5511955550101";
const IN_BOOK = "5511955550202";

describe.skipIf(!hasChromium)(
  hasChromium ? "hostile markup in the browser" : `hostile markup (skipped: no Chromium at ${chromiumPath})`,
  () => {
    let server: TestApp;
    let url: string;
    let browser: BrowserSession;
    const dialogs: string[] = [];

    beforeAll(async () => {
      server = await startBrowserTestServer();
      url = server.parley.url;
      const alice = await server.login("alice");
      const tag = await server.call(alice, "POST", "/api/tags", { name: TAG, color: "#cf1322" });
      expect(tag.statusCode).toBe(201);
      const contact = await server.call(alice, "POST", "/api/contacts", {
        name: BOOK_NAME,
        company: BOOK_COMPANY,
        phone: `+${IN_BOOK}`,
        tagId: tag.json().tag.id,
        notes: script("notes"),
      });
      expect(contact.statusCode).toBe(201);

      browser = await linkNumberAs(url, "bruno", viewports.desktop);
      browser.page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const me = (await server.call(await server.login("bruno"), "GET", "/api/me")).json();
      const account = await server.services.accounts.findByUserId(me.user.id);
      for (const [number, id] of [
        [STRANGER, "3AXSSSTRANGER1"],
        [IN_BOOK, "3AXSSINBOOK1"],
      ] as const) {
        const jid = `${number}@s.whatsapp.net`;
        const response = await server.app.inject({
          method: "POST",
          url: `/api/webhooks/wuzapi/${account?.webhook_secret}`,
          headers: { "content-type": "application/json" },
          payload: JSON.stringify({
            type: "Message",
            userID: account?.wuzapi_user_id,
            event: {
              Info: {
                Chat: jid,
                Sender: jid,
                IsFromMe: false,
                IsGroup: false,
                ID: id,
                PushName: PUSH_NAME,
                Timestamp: new Date().toISOString(),
                Edit: "",
              },
              Message: { conversation: MESSAGE },
            },
          }),
        });
        expect(response.statusCode).toBe(200);
      }
      await settle(server, simulatorOf(server));
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Nothing the payloads would have created exists, and no payload ran. */
    async function expectNothingInjected(page: Page) {
      const injected = await page.evaluate(() => ({
        images: document.querySelectorAll('img[src="x"], [onerror], [onload]').length,
        scripts: [...document.querySelectorAll("script")].filter((s) => s.textContent?.includes("alert("))
          .length,
        javascriptLinks: document.querySelectorAll('a[href^="javascript:" i], [href*="javascript:" i]')
          .length,
      }));
      expect(injected).toEqual({ images: 0, scripts: 0, javascriptLinks: 0 });
      expect(dialogs).toEqual([]);
    }

    test("message text, push names, contact-book names and tag names show as text and run nothing", async () => {
      const { page } = browser;
      await page.goto(`${url}/chats`);
      const chats = page.getByRole("navigation", { name: "Chats" });
      // The stranger's chat is titled by push name, the other by the contact-book name.
      await chats.getByText(PUSH_NAME).first().waitFor({ timeout: 15_000 });
      await chats.getByText(BOOK_NAME).first().waitFor();
      await expectNothingInjected(page);

      await chats.getByRole("link").filter({ hasText: PUSH_NAME }).first().click();
      const log = page.getByRole("log", { name: "Messages" });
      await log.getByText(`Look ${img("message")}`, { exact: false }).waitFor();
      expect(await log.textContent()).toContain(script("message-script"));
      await expectNothingInjected(page);
      await screenshot(page, "xss-chat-push-name");

      await chats.getByRole("link").filter({ hasText: BOOK_NAME }).first().click();
      await page.locator(".chat-header").getByText(BOOK_NAME).first().waitFor();
      await log.getByText(`Look ${img("message")}`, { exact: false }).waitFor();
      await expectNothingInjected(page);

      await page.goto(`${url}/contacts?view=book&q=Eve`);
      await page.getByText(BOOK_NAME).first().waitFor();
      await page.getByText(TAG).first().waitFor();
      await page.getByText(BOOK_COMPANY).first().waitFor();
      await expectNothingInjected(page);
      await screenshot(page, "xss-contacts");

      await page.goto(`${url}/contacts?view=whatsapp&q=Mallory`);
      await page.getByText(PUSH_NAME).first().waitFor();
      await expectNothingInjected(page);
      expect(browser.errors).toEqual([]);
    });

    test("the Content-Security-Policy blocks an inline script even if one got into the page", async () => {
      const { page } = browser;
      await page.goto(`${url}/chats`);
      await page.getByRole("navigation", { name: "Chats" }).waitFor();
      const outcome = await page.evaluate(async () => {
        const violations: string[] = [];
        document.addEventListener("securitypolicyviolation", (event) =>
          violations.push(event.violatedDirective),
        );
        const inline = document.createElement("script");
        inline.textContent = "window.__inlineRan = true";
        document.body.append(inline);
        const handler = document.createElement("div");
        handler.setAttribute("onclick", "window.__handlerRan = true");
        document.body.append(handler);
        handler.click();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const flags = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
        return { inlineRan: flags.__inlineRan ?? false, handlerRan: flags.__handlerRan ?? false, violations };
      });
      expect(outcome.inlineRan).toBe(false);
      expect(outcome.handlerRan).toBe(false);
      expect(outcome.violations.some((directive) => directive.startsWith("script-src"))).toBe(true);
    });
  },
);
