import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePng } from "../phones/sample-media.js";
import { type Harness, sleep, startHarness } from "../test-support/harness.js";

const EXACT_PERSONA = "5521969863660";
const BOT_PERSONA = "5511997284900";
const PNG = `data:image/png;base64,${samplePng([10, 20, 30]).toString("base64")}`;

describe("chat API", () => {
  let h: Harness;
  let user: { id: string; token: string; number: string };
  beforeAll(async () => {
    h = await startHarness();
    user = await h.pairedUser({ fields: { history: 100 } });
  });
  afterAll(() => h.close());

  const send = (path: string, body: unknown, token = user.token) => h.request("POST", path, { token, body });
  const eventsOfUser = (type: string) => h.receiver.events(type).filter((event) => event.userID === user.id);

  it("answers every send with Details, integer Timestamp and Id, and does not echo it", async () => {
    h.receiver.clear();
    const response = await send("/chat/send/text", {
      Phone: `+${EXACT_PERSONA}`,
      Body: "hello",
      Id: "CUSTOM1",
    });
    expect(response.status).toBe(200);
    expect(response.json.data).toEqual({ Details: "Sent", Timestamp: expect.any(Number), Id: "CUSTOM1" });
    expect(Number.isInteger(response.json.data.Timestamp)).toBe(true);
    const generated = await send("/chat/send/text", { Phone: EXACT_PERSONA, Body: "again" });
    expect(generated.json.data.Id).toMatch(/^3EB0[0-9A-F]{18}$/);
    await h.receiver.waitFor((event) => event.type === "ReadReceipt" && event.state === "Read");
    await h.sim.control.webhooksIdle();
    expect(eventsOfUser("Message")).toEqual([]);
  });

  it("reports Delivered, then Read, with the flattened MessageSource", async () => {
    h.receiver.clear();
    const { json } = await send("/chat/send/text", { Phone: EXACT_PERSONA, Body: "receipts" });
    const id = json.data.Id;
    const read = await h.receiver.waitFor(
      (event) => event.state === "Read" && event.event.MessageIDs[0] === id,
    );
    const receipts = eventsOfUser("ReadReceipt").filter((event) => event.event.MessageIDs[0] === id);
    expect(receipts.map((event) => event.state)).toEqual(["Delivered", "Read"]);
    expect(receipts[0]?.event.Type).toBe("");
    expect(read.event).toMatchObject({
      Chat: `${EXACT_PERSONA}@s.whatsapp.net`,
      Sender: `${EXACT_PERSONA}@s.whatsapp.net`,
      IsFromMe: false,
      IsGroup: false,
      Type: "read",
    });
    expect(read.event.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  });

  it("returns WuzAPI's validation errors", async () => {
    const cases: [string, unknown, number, string][] = [
      ["/chat/send/text", "nope", 400, "could not decode Payload"],
      ["/chat/send/text", { Body: "x" }, 400, "missing Phone in Payload"],
      ["/chat/send/text", { Phone: EXACT_PERSONA }, 400, "missing Body in Payload"],
      ["/chat/send/text", { Phone: "abc", Body: "x" }, 400, "could not parse Phone"],
      [
        "/chat/send/text",
        { Phone: EXACT_PERSONA, Body: "x", ContextInfo: { StanzaID: "A" } },
        400,
        "missing Participant in ContextInfo",
      ],
      [
        "/chat/send/text",
        { Phone: EXACT_PERSONA, Body: "x", ContextInfo: { Participant: "A" } },
        400,
        "missing StanzaID in ContextInfo",
      ],
      ["/chat/send/image", { Phone: EXACT_PERSONA }, 400, "missing Image in Payload"],
      [
        "/chat/send/image",
        { Phone: EXACT_PERSONA, Image: "AAAA" },
        400,
        'Image data should start with "data:image/png;base64,"',
      ],
      [
        "/chat/send/image",
        { Phone: EXACT_PERSONA, Image: "data:image/png;base64,!!!" },
        400,
        "could not decode base64 encoded data from payload",
      ],
      [
        "/chat/send/image",
        { Phone: EXACT_PERSONA, Image: "data:image/png;base64,AAAA" },
        500,
        "could not decode image for thumbnail preparation: image: unknown format",
      ],
      [
        "/chat/send/document",
        { Phone: EXACT_PERSONA, Document: "data:application/pdf;base64,AAAA" },
        400,
        "missing FileName in Payload",
      ],
      [
        "/chat/send/audio",
        { Phone: EXACT_PERSONA, Audio: "data:image/png;base64,AAAA" },
        400,
        "audio must be base64 (data:audio/) or valid HTTP URL",
      ],
      ["/chat/send/location", { Phone: EXACT_PERSONA, Longitude: 2 }, 400, "missing Latitude in Payload"],
      ["/chat/send/contact", { Phone: EXACT_PERSONA, Name: "A" }, 400, "missing Vcard in Payload"],
      ["/chat/send/edit", { Phone: EXACT_PERSONA, Body: "x" }, 400, "missing Id in Payload"],
      ["/chat/delete", { Phone: EXACT_PERSONA }, 400, "missing Id in Payload"],
      ["/chat/react", { Phone: EXACT_PERSONA, Id: "X" }, 400, "missing Body in Payload"],
      ["/chat/markread", { ChatPhone: EXACT_PERSONA }, 400, "missing Id in Payload"],
      ["/chat/presence", { Phone: EXACT_PERSONA }, 400, "missing State in Payload"],
    ];
    for (const [path, body, status, error] of cases) {
      const response = await send(path, body);
      expect({ path, status: response.status, body: response.json }).toEqual({
        path,
        status,
        body: { code: status, error, success: false },
      });
    }
  });

  it("matches field names case-insensitively, like Go's decoder", async () => {
    const response = await send("/chat/send/text", { phone: EXACT_PERSONA, body: "lower-case keys" });
    expect(response.json.data.Details).toBe("Sent");
  });

  it("refuses media URLs like the SSRF guard does", async () => {
    const loopback = await send("/chat/send/image", {
      Phone: EXACT_PERSONA,
      Image: "http://127.0.0.1:8080/a.png",
    });
    expect(loopback.status).toBe(400);
    expect(loopback.json.error).toMatch(/^failed to fetch image from url: .*private or loopback/);
    const privateNet = await send("/chat/send/document", {
      Phone: EXACT_PERSONA,
      Document: "http://192.168.1.4/a.pdf",
      FileName: "a.pdf",
    });
    expect(privateNet.json.error).toMatch(/^failed to fetch document from url: .*private or loopback/);
  });

  it("sends every media kind from data URLs", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ["/chat/send/image", { Image: PNG, Caption: "look" }],
      ["/chat/send/video", { Video: "data:video/mp4;base64,AAAAGGZ0eXBpc29t" }],
      ["/chat/send/audio", { Audio: "data:audio/ogg;base64,T2dnUwAC" }],
      ["/chat/send/document", { Document: "data:application/pdf;base64,JVBERi0x", FileName: "a.pdf" }],
      ["/chat/send/sticker", { Sticker: "data:image/webp;base64,UklGRg==" }],
      ["/chat/send/location", { Latitude: -23.5, Longitude: -46.6, Name: "Office" }],
      ["/chat/send/contact", { Name: "Ana", Vcard: "BEGIN:VCARD\nFN:Ana\nEND:VCARD" }],
    ];
    for (const [path, fields] of cases) {
      const response = await send(path, { Phone: EXACT_PERSONA, ...fields });
      expect({ path, details: response.json?.data?.Details }).toEqual({ path, details: "Sent" });
    }
  });

  it("edits, deletes, reacts, marks read and sets chat presence", async () => {
    const { json } = await send("/chat/send/text", { Phone: EXACT_PERSONA, Body: "to edit" });
    const id = json.data.Id;
    expect(
      (await send("/chat/send/edit", { Phone: EXACT_PERSONA, Body: "edited", Id: id })).json.data,
    ).toMatchObject({
      Details: "Sent",
      Id: id,
    });
    expect(
      (await send("/chat/react", { Phone: EXACT_PERSONA, Body: "👍", Id: `me:${id}` })).json.data.Details,
    ).toBe("Sent");
    expect((await send("/chat/delete", { Phone: EXACT_PERSONA, Id: id })).json.data).toMatchObject({
      Details: "Deleted",
      Id: id,
    });
    expect((await send("/chat/markread", { Id: ["X"], ChatPhone: EXACT_PERSONA })).json.data).toEqual({
      Details: "Message(s) marked as read",
    });
    expect((await send("/chat/presence", { Phone: EXACT_PERSONA, State: "composing" })).json.data).toEqual({
      Details: "Chat presence set successfuly",
    });
  });

  it("has bots answer after botReplyDelayMs", async () => {
    h.receiver.clear();
    await send("/chat/send/text", { Phone: BOT_PERSONA, Body: "hi bot" });
    const reply = await h.receiver.waitFor(
      (event) => event.type === "Message" && event.event.Info.Chat === `${BOT_PERSONA}@s.whatsapp.net`,
    );
    expect(reply.event.Info).toMatchObject({ IsFromMe: false, PushName: "Valentina Romero", Type: "text" });
    expect(reply.event.Message.conversation.length).toBeGreaterThan(0);
    expect(eventsOfUser("ChatPresence")[0]?.event).toMatchObject({
      State: "composing",
      Chat: `${BOT_PERSONA}@s.whatsapp.net`,
    });
  });

  it("delivers sends between two simulator users, with Read on markread", async () => {
    const other = await h.pairedUser();
    h.receiver.clear();
    const sent = await send("/chat/send/text", { Phone: other.number, Body: "hello colleague" });
    const id = sent.json.data.Id;
    const received = await h.receiver.waitFor(
      (event) => event.userID === other.id && event.type === "Message",
    );
    expect(received.event.Info).toMatchObject({
      ID: id,
      Chat: `${user.number}@s.whatsapp.net`,
      IsFromMe: false,
    });
    expect(received.event.Message.extendedTextMessage.text).toBe("hello colleague");
    await h.receiver.waitFor((event) => event.userID === user.id && event.state === "Delivered");
    await sleep(60);
    expect(eventsOfUser("ReadReceipt").filter((event) => event.state === "Read")).toEqual([]);
    await h.request("POST", "/chat/markread", {
      token: other.token,
      body: { Id: [id], ChatPhone: user.number },
    });
    const read = await h.receiver.waitFor((event) => event.userID === user.id && event.state === "Read");
    expect(read.event.MessageIDs).toEqual([id]);
  });

  it("downloads media described by a message event", async () => {
    h.receiver.clear();
    const base64 = samplePng([200, 0, 0]).toString("base64");
    h.sim.control.inbound(user.id, {
      from: EXACT_PERSONA,
      media: { kind: "image", mimeType: "image/png", base64 },
    });
    const event = await h.receiver.waitFor(
      (candidate) => candidate.type === "Message" && candidate.event.Message.imageMessage,
    );
    const image = event.event.Message.imageMessage;
    expect(event.base64).toBe(base64);
    expect(event.mimeType).toBe("image/png");
    const download = await send("/chat/downloadimage", {
      Url: image.URL,
      DirectPath: image.directPath,
      MediaKey: image.mediaKey,
      Mimetype: image.mimetype,
      FileEncSHA256: image.fileEncSHA256,
      FileSHA256: image.fileSHA256,
      FileLength: image.fileLength,
    });
    expect(download.json.data).toEqual({ Mimetype: "image/png", Data: `data:image/png;base64,${base64}` });
    const unknown = await send("/chat/downloaddocument", {
      DirectPath: "/v/none",
      Url: "https://mmg.whatsapp.net/v/none",
    });
    expect(unknown.status).toBe(500);
  });

  it("serves message history: 501 when off, 400 without chat_jid, null when empty, newest first", async () => {
    const plain = await h.pairedUser();
    const off = await h.request("GET", "/chat/history?chat_jid=x@s.whatsapp.net", { token: plain.token });
    expect(off.json).toEqual({
      code: 501,
      error: "message history is disabled for this user",
      success: false,
    });
    const noChat = await h.request("GET", "/chat/history", { token: user.token });
    expect(noChat.json.error).toBe("chat_jid is required");
    const empty = await h.request("GET", "/chat/history?chat_jid=000@s.whatsapp.net", { token: user.token });
    expect(empty.json).toEqual({ code: 200, data: null, success: true });

    const chat = "5511985407491@s.whatsapp.net";
    await send("/chat/send/text", { Phone: chat, Body: "first" });
    h.sim.control.inbound(user.id, { from: chat, text: "second" });
    const rows = await h.request("GET", `/chat/history?chat_jid=${chat}&limit=200`, { token: user.token });
    const texts = rows.json.data.map((row: { text_content: string }) => row.text_content);
    expect(texts.slice(0, 2)).toEqual(["second", "first"]);
    expect(rows.json.data[1].sender_jid).toBe("me");
    expect(rows.json.data[0]).toMatchObject({ user_id: user.id, chat_jid: chat, message_type: "text" });

    // The documented cross-tenant leak: chat_jid=index lists every user's chats.
    const index = await h.request("GET", "/chat/history?chat_jid=index", { token: user.token });
    expect(Object.keys(index.json.data)).toContain(user.id);
  });
});
