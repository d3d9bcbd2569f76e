import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePdf } from "./phones/sample-media.js";
import { type Harness, startHarness } from "./test-support/harness.js";

describe("control API", () => {
  let h: Harness;
  let user: { id: string; token: string; number: string };
  beforeAll(async () => {
    h = await startHarness();
    user = await h.pairedUser({ phone: "+55 21 98765-4321" });
  });
  afterAll(() => h.close());

  const control = (path: string, body?: unknown, admin = true) =>
    h.request("POST", `/_sim${path}`, { admin, body: body ?? {} });
  const lastMessage = () =>
    h.receiver.waitFor((event) => event.type === "Message" && event.userID === user.id);

  it("needs the admin token and validates bodies", async () => {
    expect(
      (await control(`/users/${user.id}/inbound`, { from: "5521969863660", text: "x" }, false)).status,
    ).toBe(401);
    const invalid = await control(`/users/${user.id}/inbound`, { from: "not a number", text: "x" });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatch(/^from: /);
    expect((await control(`/users/${user.id}/inbound`, { from: "5521969863660" })).json.error).toBe(
      "text or media is required",
    );
    expect((await control("/users/nobody/unlink")).status).toBe(404);
    expect(
      (await control(`/users/${user.id}/history-sync`, { conversations: 1000, messagesPerConversation: 101 }))
        .status,
    ).toBe(400);
  });

  it("delivers inbound texts, replies, media, LID senders and group messages", async () => {
    h.receiver.clear();
    const first = await control(`/users/${user.id}/inbound`, { from: "+5521969863660", text: "oi" });
    const text = await lastMessage();
    expect(text.event.Info).toMatchObject({
      ID: first.json.data.id,
      Chat: "5521969863660@s.whatsapp.net",
      Sender: "5521969863660@s.whatsapp.net",
      SenderAlt: expect.stringMatching(/@lid$/),
      AddressingMode: "pn",
      PushName: "Bruna Barbosa",
      IsFromMe: false,
      IsGroup: false,
    });
    expect(text.event.Message).toEqual({ conversation: "oi" });

    h.receiver.clear();
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "reply", quotedId: first.json.data.id });
    const reply = await lastMessage();
    expect(reply.event.Message.extendedTextMessage).toEqual({
      text: "reply",
      contextInfo: {
        stanzaID: first.json.data.id,
        participant: "5521969863660@s.whatsapp.net",
        quotedMessage: { conversation: "oi" },
      },
    });

    h.receiver.clear();
    const pdf = samplePdf("Quote").toString("base64");
    h.sim.control.inbound(user.id, {
      from: "5521969863660",
      text: "see attached",
      media: { kind: "document", mimeType: "application/pdf", base64: pdf, fileName: "quote.pdf" },
    });
    const document = await lastMessage();
    expect(document.event.Message.documentMessage).toMatchObject({
      fileName: "quote.pdf",
      caption: "see attached",
      mimetype: "application/pdf",
      fileLength: Buffer.from(pdf, "base64").length,
    });
    expect(document).toMatchObject({ base64: pdf, mimeType: "application/pdf", fileName: "quote.pdf" });
    expect(document.event.Info).toMatchObject({ Type: "media", MediaType: "document" });

    h.receiver.clear();
    h.sim.control.inbound(user.id, { from: "5527990374510", text: "lid persona" });
    const lid = await lastMessage();
    expect(lid.event.Info).toMatchObject({
      Chat: "313316849611738@lid",
      Sender: "313316849611738@lid",
      SenderAlt: "5527990374510@s.whatsapp.net",
      AddressingMode: "lid",
    });

    h.receiver.clear();
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "forced lid", fromLid: true });
    expect((await lastMessage()).event.Info.Chat).toMatch(/@lid$/);

    const group = h.sim.control.user(user.id).groups[0];
    h.receiver.clear();
    h.sim.control.inbound(user.id, { from: "5527990374510", text: "in the group", group: group?.jid });
    const inGroup = await lastMessage();
    expect(inGroup.event.Info).toMatchObject({
      Chat: group?.jid,
      IsGroup: true,
      Sender: "313316849611738@lid",
    });
    expect(() =>
      h.sim.control.inbound(user.id, { from: "5521969863660", text: "x", group: "1@g.us" }),
    ).toThrow("unknown group");
  });

  it("echoes messages typed on the phone with IsFromMe", async () => {
    h.receiver.clear();
    const sent = await control(`/users/${user.id}/phone-send`, {
      to: "5521969863660",
      text: "typed on the phone",
    });
    const echo = await lastMessage();
    expect(echo.event.Info).toMatchObject({
      ID: sent.json.data.id,
      IsFromMe: true,
      Chat: "5521969863660@s.whatsapp.net",
      Sender: "5521987654321@s.whatsapp.net",
      DeviceSentMeta: { DestinationJID: "5521969863660@s.whatsapp.net", Phash: "" },
    });
    expect(echo.event.RawMessage.deviceSentMessage.message).toEqual({ conversation: "typed on the phone" });
  });

  it("sends ChatPresence for typing contacts", async () => {
    h.receiver.clear();
    await control(`/users/${user.id}/typing`, { from: "5521969863660", state: "recording" });
    const presence = await h.receiver.waitForType("ChatPresence");
    expect(presence.event).toMatchObject({
      Chat: "5521969863660@s.whatsapp.net",
      State: "composing",
      Media: "audio",
    });
  });

  it("runs large history syncs in several bounded events", async () => {
    h.receiver.clear();
    const summary = await control(`/users/${user.id}/history-sync`, {
      conversations: 30,
      messagesPerConversation: 150,
    });
    expect(summary.json.data).toEqual({ events: 3, conversations: 30, messages: 4500 });
    await h.sim.control.webhooksIdle();
    const syncs = h.receiver.events("HistorySync");
    expect(syncs).toHaveLength(3);
    const counted = syncs
      .flatMap((event) => event.event.Data.conversations)
      .reduce((total, c) => total + c.messages.length, 0);
    expect(counted).toBe(4500);
    const message = syncs[0]?.event.Data.conversations[0].messages[0].message;
    expect(message.key).toMatchObject({
      remoteJID: expect.any(String),
      fromMe: expect.any(Boolean),
      ID: expect.any(String),
    });
    expect(Number.isInteger(message.messageTimestamp)).toBe(true);
  });

  it("reports the phone, its peers and webhook stats", async () => {
    const snapshot = (await h.request("GET", `/_sim/users/${user.id}`, { admin: true })).json.data;
    expect(snapshot.phone.number).toBe("5521987654321");
    expect(snapshot.peers.length).toBe(46);
    expect(snapshot.peers.filter((peer: { bot: boolean }) => peer.bot)).toHaveLength(3);
    expect(snapshot.webhooks.delivered).toBeGreaterThan(0);
  });

  it("slows WuzAPI down or takes it offline", async () => {
    await control("/faults", { delayMs: 80 });
    const started = Date.now();
    await h.request("GET", "/session/status", { token: user.token });
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    await control("/faults", { delayMs: 0, down: true });
    await expect(h.request("GET", "/session/status", { token: user.token })).rejects.toThrow();
    const faults = await control("/faults", { down: false });
    expect(faults.json.data).toEqual({ delayMs: 0, down: false, whatsappDown: false });
    expect((await h.request("GET", "/session/status", { token: user.token })).status).toBe(200);
  });

  it("unlinking from the phone sends LoggedOut and unpairs", async () => {
    const other = await h.pairedUser();
    h.receiver.clear();
    await control(`/users/${other.id}/unlink`);
    const loggedOut = await h.receiver.waitFor(
      (event) => event.type === "LoggedOut" && event.userID === other.id,
    );
    expect(loggedOut.event).toEqual({ OnConnect: false, Reason: 0 });
    const status = await h.request("GET", "/session/status", { token: other.token });
    expect(status.json.data).toMatchObject({ connected: false, loggedIn: false, jid: "" });
    expect((await control(`/users/${other.id}/scan`)).json.error).toMatch(/^no session/);
  });
});
