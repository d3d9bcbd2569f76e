import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { simulatorOf, type TestApp } from "../server/test/support/app";
import { eventually } from "../server/test/support/realtime";
import { sampleOgg, samplePdf, samplePng } from "../wuzapi-sim/src/phones/sample-media";
import { chromiumPath, hasChromium, openBrowser, viewports } from "./support/browser";
import { PASSWORD, startBrowserTestServer } from "./support/link-number";
import { screenshot, signIn } from "./support/pages";

/** The numbers Bruno's and Chen's phones are linked with. */
const BRUNO = "5511987651001";
const CHEN = "5511987651002";
/** Someone in nobody's contact book who sends Bruno files. */
const CUSTOMER = "5511987651003";

describe.skipIf(!hasChromium)(
  hasChromium
    ? "chat media in the browser"
    : `chat media in the browser (skipped: no Chromium at ${chromiumPath})`,
  () => {
    let server: TestApp;
    let url: string;

    /** Links a user's number the quick way (the QR flow has its own browser tests). */
    async function link(username: string, phone: string) {
      const cookie = await server.login(username);
      await server.call(cookie, "POST", "/api/whatsapp/connect");
      const userId = (await server.call(cookie, "GET", "/api/me")).json().user.id;
      await eventually(
        async () => (await server.services.accounts.findByUserId(userId))?.state === "qr",
        10_000,
      );
      const account = await server.services.accounts.findByUserId(userId);
      simulatorOf(server).scan(account?.wuzapi_user_id as string, { phone, pushName: username });
      await eventually(
        async () =>
          (await server.call(cookie, "GET", "/api/whatsapp/account")).json().account.state === "connected",
        15_000,
      );
      return cookie;
    }

    /** A desktop browser signed in as `username`, on `path`. */
    async function openAs(username: string, path: string) {
      const browser = await openBrowser(viewports.desktop);
      try {
        await browser.page.goto(`${url}/login?next=${encodeURIComponent(path)}`);
        await signIn(browser.page, username, PASSWORD);
        await browser.page.waitForURL(`${url}${path}`);
        return browser;
      } catch (error) {
        await browser.close();
        throw error;
      }
    }

    let bruno: string;
    let chen: string;

    beforeAll(async () => {
      server = await startBrowserTestServer();
      url = server.parley.url;
      bruno = await link("bruno", BRUNO);
      chen = await link("chen", CHEN);
    });
    afterAll(async () => {
      await server?.close();
    });

    const messageLog = (page: Page) => page.getByRole("log", { name: "Messages" });
    const bubble = (page: Page, text: string) => messageLog(page).locator(".message-row", { hasText: text });
    /** The photo in a bubble has really been drawn (its bytes arrived and decoded). */
    const photoDrawn = (page: Page, text: string) =>
      bubble(page, text)
        .locator("img")
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

    test("a photo sent from the browser shows in both chats and opens in a lightbox", async () => {
      const toChen = (await server.call(bruno, "POST", "/api/chats", { phone: `+${CHEN}` })).json().chat;
      const sender = await openAs("bruno", `/chats/${toChen.id}`);
      let receiver: Awaited<ReturnType<typeof openAs>> | null = null;
      try {
        const { page } = sender;
        await page.getByRole("button", { name: "Attach a file" }).waitFor();
        // Too big for a photo: said before anything is uploaded.
        await page.getByTestId("attach-input").setInputFiles({
          name: "huge.png",
          mimeType: "image/png",
          buffer: Buffer.alloc(17 * 1024 * 1024, 1),
        });
        const dialog = page.getByRole("dialog", { name: "Send photo" });
        await dialog.getByText("Photos can be at most 16 MB; this one is 17.0 MB.").waitFor();
        expect(await dialog.getByRole("button", { name: "Send" }).isDisabled()).toBe(true);
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await dialog.waitFor({ state: "hidden" });

        const caption = `Our new storefront ${Date.now()}`;
        await page.getByTestId("attach-input").setInputFiles({
          name: "storefront.png",
          mimeType: "image/png",
          buffer: samplePng([30, 140, 90], 320),
        });
        await dialog.getByRole("img", { name: "storefront.png" }).waitFor();
        await dialog.getByRole("textbox", { name: "Caption" }).fill(caption);
        await screenshot(page, "desktop-media-attach-preview");
        await dialog.getByRole("button", { name: "Send" }).click();
        await dialog.waitFor({ state: "hidden" });
        await bubble(page, caption).waitFor();
        await expect.poll(() => photoDrawn(page, caption), { timeout: 10_000 }).toBe(true);

        // Chen sees it in his own Parley, downloaded into his store.
        // Once its message is stored (the chat alone may be there a moment earlier).
        const fromBruno = await eventually(async () => {
          const list = (await server.call(chen, "GET", "/api/chats?limit=100")).json().items as Array<{
            id: number;
            jid: string;
            lastMessagePreview: string | null;
          }>;
          return list.find(
            (chat) => chat.jid === `${BRUNO}@s.whatsapp.net` && chat.lastMessagePreview === caption,
          );
        }, 15_000);
        receiver = await openAs("chen", `/chats/${fromBruno?.id}`);
        const other = receiver.page;
        await bubble(other, caption).waitFor();
        await expect.poll(() => photoDrawn(other, caption), { timeout: 10_000 }).toBe(true);
        await screenshot(other, "desktop-media-received");

        await bubble(other, caption).locator("img").click();
        const preview = other.locator(".ant-image-preview-img");
        await preview.waitFor();
        await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
        await screenshot(other, "desktop-media-lightbox");
        await other.keyboard.press("Escape");
        await preview.waitFor({ state: "hidden" });

        expect(sender.errors).toEqual([]);
        expect(receiver.errors).toEqual([]);
      } finally {
        await sender.close();
        await receiver?.close();
      }
    });

    test("received photos, voice notes and documents show as such", async () => {
      const account = await server.services.accounts.findByUserId(
        (await server.call(bruno, "GET", "/api/me")).json().user.id,
      );
      const sim = simulatorOf(server);
      const userId = account?.wuzapi_user_id as string;
      const media = (
        kind: "image" | "audio" | "document",
        mimeType: string,
        bytes: Buffer,
        fileName?: string,
      ) => ({
        kind,
        mimeType,
        base64: bytes.toString("base64"),
        ...(fileName ? { fileName } : {}),
      });
      sim.inbound(userId, {
        from: CUSTOMER,
        media: media("document", "application/pdf", samplePdf("Invoice 88"), "Invoice 88.pdf"),
      });
      sim.inbound(userId, { from: CUSTOMER, media: media("audio", "audio/ogg; codecs=opus", sampleOgg()) });
      sim.inbound(userId, {
        from: CUSTOMER,
        text: "the broken part",
        media: media("image", "image/png", samplePng([200, 80, 40], 240)),
      });
      const chat = await eventually(async () => {
        const list = (await server.call(bruno, "GET", "/api/chats?limit=100")).json().items as Array<{
          id: number;
          jid: string;
          lastMessagePreview: string | null;
        }>;
        return list.find(
          (item) =>
            item.jid === `${CUSTOMER}@s.whatsapp.net` && item.lastMessagePreview === "the broken part",
        );
      }, 15_000);
      const session = await openAs("bruno", `/chats/${chat?.id}`);
      try {
        const { page } = session;
        await bubble(page, "the broken part").waitFor();
        await expect.poll(() => photoDrawn(page, "the broken part"), { timeout: 10_000 }).toBe(true);
        const voice = messageLog(page).locator("audio");
        await voice.waitFor();
        // The player gets the voice note's bytes, as a sound it may play inline.
        expect(
          await voice.evaluate(async (audio: HTMLAudioElement) => {
            const response = await fetch(audio.src);
            return `${response.status} ${response.headers.get("content-type")}`;
          }),
        ).toBe("200 audio/ogg; codecs=opus");
        const download = page.getByRole("link", { name: "Download Invoice 88.pdf" });
        await download.waitFor();
        expect(await download.getAttribute("href")).toMatch(
          /\/api\/chats\/\d+\/messages\/\d+\/media\?download=1$/,
        );
        await screenshot(page, "desktop-media-received-kinds");
        expect(session.errors).toEqual([]);
      } finally {
        await session.close();
      }
    });
  },
);
