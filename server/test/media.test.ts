import { createHash, randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { type SqlBool, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMp4, sampleOgg, samplePdf, samplePng } from "../../wuzapi-sim/src/phones/sample-media.js";
import type { AccountRow } from "../src/db/schema.js";
import type { ChatItem, MessageItem } from "../src/modules/chats/chats.service.js";
import { createTestApp, simulatorOf, type TestApp } from "./support/app.js";
import { linkNumber, settle as settleAll } from "./support/linked-number.js";
import { eventually } from "./support/realtime.js";
import { WENT_OUT } from "./support/statuses.js";

/** Numbers none of the simulated phones knows: each first message starts a new chat. */
const SENDER = "5511900007001";
/** Chen's own number, linked to his Parley account for the sending tests. */
const CHEN = "5511987650002";

/** A multipart/form-data body as a browser's FormData sends it. */
function formData(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----parley${randomBytes(8).toString("hex")}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const chunks: Buffer[] = parts.map((part) => Buffer.from(part));
  if (file)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from("\r\n"),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

const sha256 = (bytes: Buffer, encoding: "hex" | "base64" = "hex") =>
  createHash("sha256").update(bytes).digest(encoding);

describe("chat media", () => {
  let t: TestApp;
  let bruno: string;
  let chen: string;
  let account: AccountRow;
  let sim: NonNullable<TestApp["parley"]["simulator"]>["control"];

  const userId = () => account.wuzapi_user_id as string;
  const settle = () => settleAll(t, sim);
  const chatWith = async (cookie: string, jid: string) =>
    ((await t.call(cookie, "GET", "/api/chats?limit=100")).json() as { items: ChatItem[] }).items.find(
      (chat) => chat.jid === jid,
    ) as ChatItem;
  const messagesOf = async (cookie: string, chatId: number) =>
    (
      (await t.call(cookie, "GET", `/api/chats/${chatId}/messages?limit=100`)).json() as {
        items: MessageItem[];
      }
    ).items;
  const fetchMedia = (cookie: string, chatId: number, messageId: number, query = "") =>
    t.call(cookie, "GET", `/api/chats/${chatId}/messages/${messageId}/media${query}`);
  const mediaRows = () =>
    t.services.database.db
      .selectFrom("message")
      .select(["id", "chat_id", "type", "media_key", "media_state", "media_source", "media_attempts"])
      .where("account_id", "=", account.id)
      .where("media_source", "is not", null)
      .where(({ ref }) => ref("media_source", "->>").key("kind"), "=", "download")
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    sim = simulatorOf(t);
    bruno = await t.login("bruno");
    chen = await t.login("chen");
    account = (await linkNumber(t, sim, "bruno")).account;
  });
  afterAll(() => t.close());

  it("stores a received photo from the webhook's own bytes and serves it, byte for byte, to the owner only", async () => {
    const png = samplePng([200, 30, 30], 24);
    sim.inbound(userId(), {
      from: SENDER,
      text: "the invoice photo",
      media: { kind: "image", mimeType: "image/png", base64: png.toString("base64") },
    });
    await settle();
    const chat = await chatWith(bruno, `${SENDER}@s.whatsapp.net`);
    const [photo] = await messagesOf(bruno, chat.id);
    expect(photo).toMatchObject({
      type: "image",
      text: "the invoice photo",
      media: {
        mime: "image/png",
        size: png.length,
        state: "ready",
        url: `/api/chats/${chat.id}/messages/${photo?.id}/media`,
      },
    });
    const served = await fetchMedia(bruno, chat.id, photo?.id as number);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(png)).toBe(true);
    // The stored webhook event no longer carries the bytes: they are kept once, in the store.
    const event = await t.services.database.db
      .selectFrom("wa_event")
      .select("payload")
      .where("account_id", "=", account.id)
      .where(sql<SqlBool>`payload -> 'event' -> 'Info' ->> 'ID' = ${photo?.waId}`)
      .executeTakeFirstOrThrow();
    expect(event.payload).not.toHaveProperty("base64");
    expect(event.payload).toHaveProperty("mimeType", "image/png");
    expect(served.headers).toMatchObject({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "cache-control": expect.stringMatching(/^private/),
      "content-disposition": expect.stringMatching(/^inline; /),
      etag: `"${sha256(png)}"`,
    });
    const part = await t.app.inject({
      method: "GET",
      url: `/api/chats/${chat.id}/messages/${photo?.id}/media`,
      headers: { cookie: bruno, range: "bytes=8-15" },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers["content-range"]).toBe(`bytes 8-15/${png.length}`);
    expect(part.rawPayload.equals(png.subarray(8, 16))).toBe(true);
    const again = await t.app.inject({
      method: "GET",
      url: `/api/chats/${chat.id}/messages/${photo?.id}/media`,
      headers: { cookie: bruno, "if-none-match": `"${sha256(png)}"` },
    });
    expect(again.statusCode).toBe(304);
    expect(
      (await fetchMedia(bruno, chat.id, photo?.id as number, "?download=1")).headers["content-disposition"],
    ).toMatch(/^attachment; filename="image-\d+\.png"/);

    // Deleted for everyone, the photo is gone too.
    await t.services.database.db
      .updateTable("message")
      .set({ deleted_at: new Date() })
      .where("id", "=", photo?.id as number)
      .execute();
    expect((await fetchMedia(bruno, chat.id, photo?.id as number)).statusCode).toBe(404);
    await t.services.database.db
      .updateTable("message")
      .set({ deleted_at: null })
      .where("id", "=", photo?.id as number)
      .execute();

    // Chen has no such chat: the same address is not found for him, nor for nobody.
    expect((await fetchMedia(chen, chat.id, photo?.id as number)).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/chats/${chat.id}/messages/${photo?.id}/media` }))
        .statusCode,
    ).toBe(401);
  });

  it("serves documents as attachments under a sanitised name, and never SVG or HTML inline", async () => {
    const pdf = samplePdf("Quote 42");
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    sim.inbound(userId(), {
      from: SENDER,
      media: {
        kind: "document",
        mimeType: "application/pdf",
        base64: pdf.toString("base64"),
        fileName: '../../etc/"quote" 42.pdf',
      },
    });
    sim.inbound(userId(), {
      from: SENDER,
      media: { kind: "image", mimeType: "image/svg+xml", base64: svg.toString("base64"), fileName: "x.svg" },
    });
    await settle();
    const chat = await chatWith(bruno, `${SENDER}@s.whatsapp.net`);
    const items = await messagesOf(bruno, chat.id);
    const doc = items.find((message) => message.type === "document") as MessageItem;
    const served = await fetchMedia(bruno, chat.id, doc.id);
    expect(served.rawPayload.equals(pdf)).toBe(true);
    expect(served.headers["content-type"]).toBe("application/octet-stream");
    expect(served.headers["content-disposition"]).toBe(
      `attachment; filename="_quote_ 42.pdf"; filename*=UTF-8''_quote_%2042.pdf`,
    );
    const image = items.findLast((message) => message.media?.mime === "image/svg+xml") as MessageItem;
    const svgServed = await fetchMedia(bruno, chat.id, image.id);
    expect(svgServed.rawPayload.equals(svg)).toBe(true);
    expect(svgServed.headers["content-type"]).toBe("application/octet-stream");
    expect(svgServed.headers["content-disposition"]).toMatch(/^attachment; /);
  });

  it("downloads the media of imported history from WuzAPI, byte-identical to what WhatsApp describes", async () => {
    await t.services.mediaDownloads.idle();
    const rows = await mediaRows();
    const imported = rows.filter((row) => row.media_source?.fileSha256 && row.type !== "document");
    expect(imported.length).toBeGreaterThan(0);
    await eventually(async () => (await mediaRows()).every((row) => row.media_state === "ready"), 15_000);
    for (const row of imported.slice(0, 5)) {
      const served = await fetchMedia(bruno, row.chat_id, row.id);
      expect(served.statusCode).toBe(200);
      expect(sha256(served.rawPayload, "base64")).toBe(row.media_source?.fileSha256);
    }
  });

  it("downloads again media whose stored file is gone", async () => {
    const [row] = (await mediaRows()).filter((candidate) => candidate.media_key !== null);
    await t.services.mediaStore.delete(row?.media_key as string);
    const served = await fetchMedia(bruno, row?.chat_id as number, row?.id as number);
    expect(served.statusCode).toBe(200);
    expect(sha256(served.rawPayload, "base64")).toBe(row?.media_source?.fileSha256);
    expect(await t.services.mediaStore.get(row?.media_key as string)).not.toBeNull();
  });

  it("retries a download that failed while WuzAPI was down, and serving one not yet stored fetches it", async () => {
    sim.faults({ down: true });
    try {
      await sim.historySync(userId(), { conversations: 3, messagesPerConversation: 40 });
      await settle();
      await t.services.mediaDownloads.idle();
      const waiting = (await mediaRows()).filter((row) => row.media_state !== "ready");
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.every((row) => row.media_state === null && row.media_attempts >= 1)).toBe(true);
      // While it is down, opening one says so instead of hanging or serving nothing.
      const first = waiting[0] as (typeof waiting)[number];
      expect((await fetchMedia(bruno, first.chat_id, first.id)).statusCode).toBe(502);
    } finally {
      sim.faults({ down: false });
    }
    const [first] = (await mediaRows()).filter((row) => row.media_state !== "ready");
    const served = await fetchMedia(bruno, first?.chat_id as number, first?.id as number);
    expect(served.statusCode).toBe(200);
    expect(sha256(served.rawPayload, "base64")).toBe(first?.media_source?.fileSha256);
    // The rest come on their own, after the backoff.
    await eventually(async () => (await mediaRows()).every((row) => row.media_state === "ready"), 20_000);
  });

  describe("sending", () => {
    let chenAccount: AccountRow;
    let chatWithChen: ChatItem;

    const upload = (
      chatId: number,
      fields: Record<string, string>,
      file?: { name: string; type: string; bytes: Buffer },
      cookie = bruno,
    ) => {
      const body = formData(fields, file);
      return t.app.inject({
        method: "POST",
        url: `/api/chats/${chatId}/media`,
        headers: { cookie, ...body.headers },
        payload: body.payload,
      });
    };
    /** Whether these bytes are in the media store, or half-written in its staging folder. */
    const kept = async (bytes: Buffer) =>
      (await t.services.mediaStore.get(sha256(bytes))) !== null ||
      (await readdir(path.join(t.services.config.media.dir, "tmp")).catch(() => [])).length > 0;
    const messageCount = async () =>
      Number(
        (
          await t.services.database.db
            .selectFrom("message")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("chat_id", "=", chatWithChen.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** What Chen's own Parley shows of the newest message from Bruno, and its bytes. */
    const chenReceived = async () => {
      await settle();
      const bareBruno = (account.jid as string).replace(/:\d+@/, "@");
      const chat = await chatWith(chen, bareBruno);
      const newest = (await messagesOf(chen, chat.id)).at(-1) as MessageItem;
      const served = await fetchMedia(chen, chat.id, newest.id);
      return { message: newest, bytes: served.rawPayload, status: served.statusCode };
    };

    beforeAll(async () => {
      await t.call(chen, "POST", "/api/whatsapp/connect");
      const chenId = (await t.call(chen, "GET", "/api/me")).json().user.id;
      await eventually(async () => (await t.services.accounts.findByUserId(chenId))?.state === "qr", 10_000);
      chenAccount = (await t.services.accounts.findByUserId(chenId)) as AccountRow;
      sim.scan(chenAccount.wuzapi_user_id as string, { phone: CHEN, pushName: "Chen" });
      await eventually(async () => {
        const current = (await t.call(chen, "GET", "/api/whatsapp/account")).json().account;
        return current.state === "connected" && current.import.state === "done";
      }, 15_000);
      await settle();
      const started = await t.call(bruno, "POST", "/api/chats", { phone: `+${CHEN}` });
      expect(started.statusCode, started.body).toBe(200);
      chatWithChen = started.json().chat;
    });

    it("sends a photo with a caption: kept, sent, and the other side gets the very same bytes", async () => {
      const png = samplePng([20, 120, 220], 32);
      const response = await upload(
        chatWithChen.id,
        { caption: "our new logo" },
        // The browser's word is not taken: the bytes say PNG.
        { name: "logo.png", type: "image/jpeg", bytes: png },
      );
      expect(response.statusCode).toBe(201);
      const sent = response.json().message as MessageItem;
      expect(sent).toMatchObject({
        fromMe: true,
        type: "image",
        text: "our new logo",
        status: expect.stringMatching(WENT_OUT),
        media: { mime: "image/png", name: "logo.png", size: png.length, state: "ready" },
      });
      expect((await fetchMedia(bruno, chatWithChen.id, sent.id)).rawPayload.equals(png)).toBe(true);
      const received = await chenReceived();
      expect(received.message).toMatchObject({ type: "image", text: "our new logo", waId: sent.waId });
      expect(received.status).toBe(200);
      expect(received.bytes.equals(png)).toBe(true);
      expect((await chatWith(bruno, chatWithChen.jid)).lastMessagePreview).toBe("our new logo");
    });

    it("sends a document under its name, a voice note and a video", async () => {
      const pdf = samplePdf("Price list");
      const doc = await upload(
        chatWithChen.id,
        {},
        { name: "Price list 2026.pdf", type: "application/pdf", bytes: pdf },
      );
      expect(doc.statusCode).toBe(201);
      expect(doc.json().message).toMatchObject({
        type: "document",
        status: expect.stringMatching(WENT_OUT),
        media: { name: "Price list 2026.pdf" },
      });
      let received = await chenReceived();
      expect(received.message).toMatchObject({ type: "document", media: { name: "Price list 2026.pdf" } });
      expect(received.bytes.equals(pdf)).toBe(true);

      const ogg = sampleOgg();
      const voice = await upload(chatWithChen.id, {}, { name: "voice.ogg", type: "audio/ogg", bytes: ogg });
      expect(voice.statusCode).toBe(201);
      expect(voice.json().message).toMatchObject({
        type: "audio",
        status: expect.stringMatching(WENT_OUT),
        media: { mime: "audio/ogg; codecs=opus" },
      });
      received = await chenReceived();
      expect(received.message.type).toBe("audio");
      expect(received.bytes.equals(ogg)).toBe(true);

      const mp4 = sampleMp4();
      const video = await upload(
        chatWithChen.id,
        { caption: "how it works" },
        { name: "demo.mp4", type: "video/mp4", bytes: mp4 },
      );
      expect(video.statusCode).toBe(201);
      expect(video.json().message).toMatchObject({
        type: "video",
        status: expect.stringMatching(WENT_OUT),
        media: { mime: "video/mp4" },
      });
      received = await chenReceived();
      expect(received.message).toMatchObject({ type: "video", text: "how it works" });
      expect(received.bytes.equals(mp4)).toBe(true);
    });

    it("refuses what may not be sent with 413 or 415, keeping nothing", async () => {
      const messages = await messageCount();
      const tooBig = Buffer.concat([samplePng([1, 2, 3]), Buffer.alloc(16 * 1024 * 1024)]);
      const big = await upload(chatWithChen.id, {}, { name: "huge.png", type: "image/png", bytes: tooBig });
      expect(big.statusCode).toBe(413);
      expect(big.json().error).toMatchObject({
        code: "media_too_large",
        message: "The file is larger than 16 MB",
      });
      const fake = await upload(
        chatWithChen.id,
        {},
        {
          name: "photo.png",
          type: "image/png",
          bytes: Buffer.from("<html><script>alert(1)</script></html>"),
        },
      );
      expect(fake.statusCode).toBe(415);
      expect(fake.json().error.message).toBe("The file is not a JPEG, PNG, WebP or GIF image");
      const fakeVoice = await upload(
        chatWithChen.id,
        {},
        { name: "v.ogg", type: "audio/ogg", bytes: Buffer.from("nope") },
      );
      expect(fakeVoice.statusCode).toBe(415);
      // A valid file with bad fields is dropped again.
      const badReply = await upload(
        chatWithChen.id,
        { replyToMessageId: "abc" },
        { name: "a.pdf", type: "application/pdf", bytes: samplePdf("x-unique-1") },
      );
      expect(badReply.statusCode).toBe(400);
      const noFile = await upload(chatWithChen.id, { caption: "where is it" });
      expect(noFile.statusCode).toBe(400);
      expect(noFile.json().error.message).toBe("file: is required");
      const json = await t.call(bruno, "POST", `/api/chats/${chatWithChen.id}/media`, { caption: "x" });
      expect(json.statusCode).toBe(415);
      // Someone else's chat is not found, and nothing of the file is kept either.
      const other = await upload(
        chatWithChen.id,
        {},
        { name: "a.pdf", type: "application/pdf", bytes: samplePdf("x-unique-2") },
        chen,
      );
      expect(other.statusCode).toBe(404);
      await t.services.mediaDownloads.idle();
      for (const bytes of [tooBig, samplePdf("x-unique-1"), samplePdf("x-unique-2"), Buffer.from("nope")])
        expect(await kept(bytes)).toBe(false);
      expect(await messageCount()).toBe(messages);
    });

    it("stores a send while WuzAPI is down as failed, and Retry sends the stored bytes", async () => {
      const png = samplePng([250, 200, 10], 20);
      sim.faults({ down: true });
      let failed: MessageItem;
      try {
        const response = await upload(
          chatWithChen.id,
          { caption: "retry me" },
          { name: "x.png", type: "image/png", bytes: png },
        );
        expect(response.statusCode).toBe(201);
        failed = response.json().message;
      } finally {
        sim.faults({ down: false });
      }
      expect(failed).toMatchObject({
        status: "failed",
        error: "WhatsApp service unavailable",
        media: { state: "ready" },
      });
      const retried = await t.call(
        bruno,
        "POST",
        `/api/chats/${chatWithChen.id}/messages/${failed.id}/retry`,
      );
      expect(retried.statusCode).toBe(200);
      expect(retried.json().message).toMatchObject({
        id: failed.id,
        waId: failed.waId,
        status: expect.stringMatching(WENT_OUT),
        type: "image",
      });
      const received = await chenReceived();
      expect(received.message).toMatchObject({ waId: failed.waId, text: "retry me" });
      expect(received.bytes.equals(png)).toBe(true);
    });
  });
});
