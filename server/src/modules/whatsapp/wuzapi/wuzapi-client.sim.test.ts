import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSimulator, type Simulator } from "@parley/wuzapi-sim";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWuzapiClient, type MediaReference, type WuzapiClient } from "./wuzapi-client.js";
import { WuzapiError, type WuzapiErrorKind } from "./wuzapi-errors.js";

/*
 * The client against the WuzAPI simulator, over real HTTP. Every client method is exercised here,
 * happy path and the error answers the account state machine relies on.
 */

const ADMIN_TOKEN = "sim-admin-token-0123456789";
const EVENTS = [
  "Message",
  "ReadReceipt",
  "HistorySync",
  "Connected",
  "Disconnected",
  "LoggedOut",
  "PairSuccess",
  "QR",
  "QRTimeout",
  "ChatPresence",
];
const QR_INTERVAL_MS = 60;
const QR_CODES = 3;
/** A valid 1×1 PNG: the image send decodes it for a thumbnail, as WuzAPI does. */
const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

type WebhookBody = { type?: string; event?: Record<string, unknown> } & Record<string, unknown>;

/** Collects the JSON webhooks the simulator delivers. */
async function startWebhookReceiver(): Promise<{ url: string; bodies: WebhookBody[]; server: Server }> {
  const bodies: WebhookBody[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as WebhookBody);
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, server };
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 3_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function kindOf(promise: Promise<unknown>): Promise<WuzapiErrorKind> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WuzapiError) return error.kind;
    throw error;
  }
  throw new Error("expected a WuzapiError");
}

let sim: Simulator;
let baseUrl: string;
let client: WuzapiClient;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = createSimulator({
    adminToken: ADMIN_TOKEN,
    webhookFormat: "json",
    timings: {
      qrIntervalMs: QR_INTERVAL_MS,
      qrCodes: QR_CODES,
      receiptDelayMs: 10,
      readDelayMs: 10,
      botReplyDelayMs: 20,
      webhookRetryDelayMs: 10,
      webhookRetries: 2,
      connectWaitMs: 50,
    },
  });
  baseUrl = await sim.listen({ port: 0, host: "127.0.0.1" });
  client = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN, timeoutMs: 2_000 });
});

afterEach(() => {
  sim.control.faults({ delayMs: 0, down: false });
});

afterAll(async () => {
  await sim.close();
  receiver.server.closeAllConnections();
  await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
});

async function newUser(options: { history?: number } = {}) {
  const token = randomBytes(16).toString("hex");
  const created = await client.admin.createUser({
    name: `agent-${token.slice(0, 6)}`,
    token,
    webhook: receiver.url,
    events: EVENTS,
    history: options.history ?? 100,
  });
  return { id: created.id, token, api: client.forUser(token) };
}

/** A user whose QR was scanned: logged in, with the phone's contacts, chats and groups behind it. */
async function pairedUser(options: { history?: number } = {}) {
  const user = await newUser(options);
  await user.api.connect(EVENTS);
  await waitFor(() => (sim.control.user(user.id).connected ? true : undefined));
  const scanned = sim.control.scan(user.id);
  await sim.control.webhooksIdle();
  return { ...user, number: scanned.number, ownJid: scanned.jid };
}

function peersOf(userId: string) {
  return sim.control.user(userId).peers;
}

describe("admin", () => {
  it("creates, lists, reads, updates and deletes a user", async () => {
    const { id, token } = await newUser();
    const listed = await client.admin.listUsers();
    expect(listed.find((user) => user.id === id)).toMatchObject({
      token,
      webhook: receiver.url,
      events: EVENTS,
      connected: false,
      loggedIn: false,
      jid: null,
      qrCode: null,
    });

    await client.admin.updateUser(id, { webhook: `${receiver.url}?v=2`, events: ["Message"] });
    expect(await client.admin.getUser(id)).toMatchObject({
      webhook: `${receiver.url}?v=2`,
      events: ["Message"],
    });

    await client.admin.deleteUser(id);
    expect(await client.admin.getUser(id)).toBeNull();
    expect(await kindOf(client.admin.deleteUser(id))).toBe("not_found");
    expect(await kindOf(client.admin.updateUser(id, { name: "x" }))).toBe("not_found");
  });

  it("refuses a second user with the same token (409)", async () => {
    const { token } = await newUser();
    const error = await client.admin
      .createUser({ name: "dup", token, webhook: receiver.url, events: EVENTS, history: 0 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WuzapiError);
    expect(error).toMatchObject({ kind: "conflict", upstreamStatus: 409 });
  });

  it("reports an update with nothing to change, an unknown event and a short HMAC key as bad requests", async () => {
    const { id } = await newUser();
    expect(await kindOf(client.admin.updateUser(id, {}))).toBe("bad_request");
    const base = { name: "x", webhook: receiver.url, history: 0 };
    expect(
      await kindOf(
        client.admin.createUser({ ...base, token: randomBytes(8).toString("hex"), events: ["NoSuchEvent"] }),
      ),
    ).toBe("bad_request");
    expect(
      await kindOf(
        client.admin.createUser({
          ...base,
          token: randomBytes(8).toString("hex"),
          events: EVENTS,
          hmacKey: "short",
        }),
      ),
    ).toBe("bad_request");
  });

  it("accepts an HMAC key on creation", async () => {
    const created = await client.admin.createUser({
      name: "signed",
      token: randomBytes(16).toString("hex"),
      webhook: receiver.url,
      events: EVENTS,
      history: 10,
      hmacKey: randomBytes(24).toString("hex"),
    });
    expect(created).toMatchObject({ webhook: receiver.url, events: EVENTS });
  });

  it("rejects a wrong admin token as unauthorized", async () => {
    const stranger = createWuzapiClient({ baseUrl, adminToken: "wrong-admin-token" });
    expect(await kindOf(stranger.admin.listUsers())).toBe("unauthorized");
  });

  it("deleteUserFull logs the session out and the token stops working", async () => {
    const user = await pairedUser();
    await client.admin.deleteUserFull(user.id);
    expect(await client.admin.getUser(user.id)).toBeNull();
    expect(await kindOf(user.api.status())).toBe("unauthorized");
  });
});

describe("session lifecycle", () => {
  it("rejects an unknown user token as unauthorized", async () => {
    expect(await kindOf(client.forUser("no-such-token").status())).toBe("unauthorized");
  });

  it("says no_session for everything that needs a client before the first connect", async () => {
    const { api } = await newUser();
    expect(await api.status()).toMatchObject({ connected: false, loggedIn: false, jid: null, history: 100 });
    const calls: (() => Promise<unknown>)[] = [
      () => api.qr(),
      () => api.pairPhone("5511999990000"),
      () => api.disconnect(),
      () => api.logout(),
      () => api.contacts(),
      () => api.sendText({ phone: "5511999990000", body: "hi" }),
      () => api.presence("available"),
      () =>
        api.requestOlderHistory({
          chatJid: "5511999990000@s.whatsapp.net",
          oldestMessageId: "X",
          oldestFromMe: false,
          oldestTimestamp: new Date(),
          count: 10,
        }),
    ];
    for (const call of calls) expect(await kindOf(call())).toBe("no_session");
  });

  it("connects with the subscription, then refuses a second connect", async () => {
    const { api } = await newUser();
    const connected = await api.connect(["Message", "QR", "NotAnEvent"]);
    expect(connected).toEqual({ jid: null, events: ["Message", "QR"], webhook: receiver.url });
    expect((await api.getWebhook()).events).toEqual(["Message", "QR"]);
    expect(await kindOf(api.connect(EVENTS))).toBe("already_connected");
  });

  it("pairs by QR or phone code while connected and not logged in", async () => {
    const { id, api } = await newUser();
    await api.connect(EVENTS);
    const qr = await waitFor(async () => (await api.qr()) ?? undefined);
    expect(qr).toMatch(/^data:image\/png;base64,/);
    expect(await api.pairPhone("5511999990000")).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await api.status()).toMatchObject({ connected: true, loggedIn: false });
    expect(await kindOf(api.logout())).toBe("not_logged_in");

    const scanned = sim.control.scan(id);
    const status = await api.status();
    expect(status).toMatchObject({ connected: true, loggedIn: true });
    expect(status.jid).toBe(scanned.jid);
    expect(await kindOf(api.qr())).toBe("already_logged_in");
    expect(await kindOf(api.pairPhone("5511999990000"))).toBe("already_paired");
  });

  it("loses the client when the QR times out: the next step is a new connect", async () => {
    const { api } = await newUser();
    await api.connect(EVENTS);
    await waitFor(
      async () => ((await kindOf(api.qr()).catch(() => undefined)) === "no_session" ? true : undefined),
      5_000,
    );
    expect(await api.status()).toMatchObject({ connected: false, loggedIn: false });
    await expect(api.connect(EVENTS)).resolves.toMatchObject({ events: EVENTS });
  });

  it("disconnect keeps the pairing and a reconnect logs back in without a QR", async () => {
    const user = await pairedUser();
    await user.api.disconnect();
    expect(await user.api.status()).toMatchObject({ connected: false, loggedIn: false, jid: user.ownJid });
    expect(await kindOf(user.api.disconnect())).toBe("no_session");

    const reconnected = await user.api.connect(EVENTS);
    expect(reconnected.jid).toBe(user.ownJid);
    await waitFor(async () => ((await user.api.status()).loggedIn ? true : undefined));
  });

  it("logout ends the session; a second logout finds none", async () => {
    const user = await pairedUser();
    await user.api.logout();
    expect(await user.api.status()).toMatchObject({ connected: false, loggedIn: false });
    expect(await kindOf(user.api.logout())).toBe("no_session");
  });

  it("a dropped connection leaves no session behind", async () => {
    const user = await pairedUser();
    sim.control.drop(user.id);
    expect(await kindOf(user.api.disconnect())).toBe("no_session");
  });

  it("sets the webhook and its events, and the HMAC key", async () => {
    const { api } = await newUser();
    await api.setWebhook(`${receiver.url}?moved=1`, ["Message", "ReadReceipt"]);
    expect(await api.getWebhook()).toEqual({
      url: `${receiver.url}?moved=1`,
      events: ["Message", "ReadReceipt"],
    });
    await expect(api.setHmacKey(randomBytes(32).toString("hex"))).resolves.toBeUndefined();
    expect(await kindOf(api.setHmacKey("too-short"))).toBe("bad_request");
  });
});

describe("contacts and lookups", () => {
  let user: Awaited<ReturnType<typeof pairedUser>>;
  beforeAll(async () => {
    user = await pairedUser();
  });

  it("lists the phone's contacts", async () => {
    const contacts = await user.api.contacts();
    expect(contacts.length).toBeGreaterThan(0);
    for (const contact of contacts) expect(contact.jid).toMatch(/@(s\.whatsapp\.net|lid)$/);
    expect(contacts.some((contact) => contact.fullName !== "" || contact.pushName !== "")).toBe(true);
  });

  it("checks numbers and reads user info", async () => {
    const peer = peersOf(user.id).find((candidate) => candidate.kind === "exact");
    if (!peer) throw new Error("the simulated phone has no exact-match contact");
    const [known] = await user.api.check([peer.number]);
    expect(known).toMatchObject({ query: peer.number, isInWhatsapp: true, jid: peer.jid });

    const info = await user.api.info([peer.jid]);
    expect(info.map((entry) => entry.jid)).toContain(peer.jid);
  });

  it("maps a JID to its LID, and says null for someone not on WhatsApp", async () => {
    const peer = peersOf(user.id).find((candidate) => candidate.kind === "exact");
    if (!peer) throw new Error("the simulated phone has no exact-match contact");
    expect(await user.api.lid(peer.jid)).toEqual({ jid: peer.jid, lid: peer.lid });
    expect(await user.api.lid("19990000001@s.whatsapp.net")).toBeNull();
  });

  it("returns avatars, and null when there is none", async () => {
    const avatars = await Promise.all(peersOf(user.id).map((peer) => user.api.avatar(peer.jid)));
    expect(avatars.some((avatar) => avatar === null)).toBe(true);
    const found = avatars.find((avatar) => avatar !== null);
    expect(found?.url).toMatch(/^http/);
  });

  it("sets presence", async () => {
    await expect(user.api.presence("available")).resolves.toBeUndefined();
    await expect(user.api.presence("unavailable")).resolves.toBeUndefined();
  });

  it("lists groups and reads one", async () => {
    const groups = await user.api.groupList();
    expect(groups.length).toBeGreaterThan(0);
    const [first] = groups;
    if (!first) throw new Error("no group");
    const info = await user.api.groupInfo(first.jid);
    expect(info.jid).toBe(first.jid);
    expect(info.participants.length).toBeGreaterThan(0);
    expect(await kindOf(user.api.groupInfo("120363000000000000@g.us"))).toBe("unknown");
  });
});

describe("messaging", () => {
  let user: Awaited<ReturnType<typeof pairedUser>>;
  let peerJid: string;
  beforeAll(async () => {
    user = await pairedUser();
    const peer = peersOf(user.id).find((candidate) => candidate.kind === "exact" && !candidate.bot);
    if (!peer) throw new Error("the simulated phone has no exact-match contact");
    peerJid = peer.jid;
  });

  it("sends text and returns WuzAPI's id and a Date", async () => {
    const before = Date.now();
    const sent = await user.api.sendText({ phone: peerJid, body: "Olá" });
    expect(sent.id).toMatch(/\S+/);
    expect(sent.timestamp).toBeInstanceOf(Date);
    expect(sent.timestamp.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);

    const own = await user.api.sendText({ phone: peerJid, body: "with my id", id: "PARLEY0001" });
    expect(own.id).toBe("PARLEY0001");

    const reply = await user.api.sendText({
      phone: peerJid,
      body: "a reply",
      quoted: { stanzaId: sent.id, participant: user.ownJid },
    });
    expect(reply.id).not.toBe(sent.id);
  });

  it("sends image, document, audio and video from data URLs", async () => {
    const results = [
      await user.api.sendImage({
        phone: peerJid,
        image: { mimeType: "image/png", data: PNG_1X1 },
        caption: "pic",
      }),
      await user.api.sendDocument({
        phone: peerJid,
        document: { mimeType: "application/pdf", data: Buffer.from("%PDF-1.4\n%%EOF\n") },
        fileName: "offer.pdf",
      }),
      await user.api.sendAudio({
        phone: peerJid,
        audio: { mimeType: "audio/ogg", data: Buffer.from("OggS") },
        seconds: 3,
      }),
      await user.api.sendVideo({
        phone: peerJid,
        video: { mimeType: "video/mp4", data: Buffer.from("....ftypmp42") },
      }),
    ];
    for (const result of results) expect(result.timestamp).toBeInstanceOf(Date);
    expect(new Set(results.map((result) => result.id)).size).toBe(4);
  });

  it("reports an image WuzAPI cannot decode as an unknown failure with its message", async () => {
    const error = await user.api
      .sendImage({ phone: peerJid, image: { mimeType: "image/png", data: Buffer.from("not an image") } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      kind: "unknown",
      rawMessage: expect.stringContaining("could not decode image"),
    });
  });

  it("edits, reacts to, deletes and marks messages read, and sends typing state", async () => {
    const sent = await user.api.sendText({ phone: peerJid, body: "typo" });
    expect(await user.api.editMessage({ phone: peerJid, id: sent.id, body: "fixed" })).toMatchObject({
      id: sent.id,
    });
    const reaction = await user.api.react({ phone: peerJid, messageId: sent.id, emoji: "👍", fromMe: true });
    expect(reaction.timestamp).toBeInstanceOf(Date);
    await user.api.react({ phone: peerJid, messageId: sent.id, emoji: null, fromMe: true });
    await expect(user.api.deleteMessage({ phone: peerJid, id: sent.id })).resolves.toBeUndefined();

    const { id: inboundId } = sim.control.inbound(user.id, {
      from: peerJid,
      text: "hello from the phone side",
    });
    await expect(user.api.markRead({ chat: peerJid, ids: [inboundId] })).resolves.toBeUndefined();
    await expect(user.api.chatPresence({ phone: peerJid, state: "composing" })).resolves.toBeUndefined();
    await expect(user.api.chatPresence({ phone: peerJid, state: "paused" })).resolves.toBeUndefined();
  });

  it("reads stored history newest first, and asks the phone for older messages", async () => {
    const first = await user.api.sendText({ phone: peerJid, body: "history one" });
    const second = await user.api.sendText({ phone: peerJid, body: "history two" });
    const rows = await user.api.history(peerJid, 50);
    const ids = rows.map((row) => row.messageId);
    expect(ids).toContain(first.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(rows.find((row) => row.messageId === second.id)).toMatchObject({
      chatJid: peerJid,
      text: "history two",
    });
    expect(rows[0]?.timestamp).toBeInstanceOf(Date);
    expect(await user.api.history("19990000002@s.whatsapp.net", 10)).toEqual([]);

    await expect(
      user.api.requestOlderHistory({
        chatJid: peerJid,
        oldestMessageId: first.id,
        oldestFromMe: true,
        oldestTimestamp: first.timestamp,
        count: 20,
      }),
    ).resolves.toBeUndefined();
  });

  it("says history_disabled (501) when the user keeps no history", async () => {
    const quiet = await pairedUser({ history: 0 });
    const error = await quiet.api.history(peerJid, 10).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "history_disabled", upstreamStatus: 501 });
  });

  it("downloads the media of a received message", async () => {
    const photo = PNG_1X1;
    const { id } = sim.control.inbound(user.id, {
      from: peerJid,
      media: { kind: "image", mimeType: "image/png", base64: photo.toString("base64") },
      text: "look",
    });
    const event = await waitFor(() =>
      receiver.bodies.find(
        (body) => body.type === "Message" && (body.event?.Info as { ID?: string })?.ID === id,
      ),
    );
    const message = event.event?.Message as { imageMessage?: Record<string, unknown> } | undefined;
    const image = message?.imageMessage ?? {};
    const reference: MediaReference = {
      url: String(image.URL),
      directPath: String(image.directPath),
      mediaKey: String(image.mediaKey),
      mimetype: String(image.mimetype),
      fileEncSha256: String(image.fileEncSHA256),
      fileSha256: String(image.fileSHA256),
      fileLength: Number(image.fileLength),
    };
    const media = await user.api.download("image", reference);
    expect(media.mimeType).toBe("image/png");
    expect(media.data.equals(photo)).toBe(true);
  });

  it("reports a send while the device is not logged in as send_failed", async () => {
    const pending = await newUser();
    await pending.api.connect(EVENTS);
    await waitFor(() => (sim.control.user(pending.id).connected ? true : undefined));
    expect(await kindOf(pending.api.sendText({ phone: peerJid, body: "too early" }))).toBe("send_failed");
  });
});

describe("availability", () => {
  it("reports health", async () => {
    expect(await client.health()).toMatchObject({ status: "ok" });
  });

  it("turns a WuzAPI that is down into whatsapp_unavailable", async () => {
    sim.control.faults({ down: true });
    await expect(client.health()).rejects.toMatchObject({ code: "whatsapp_unavailable" });
  });

  it("turns a WuzAPI slower than the timeout into whatsapp_unavailable", async () => {
    const delayMs = 400;
    sim.control.faults({ delayMs });
    const impatient = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN, timeoutMs: 100 });
    const started = Date.now();
    await expect(impatient.admin.listUsers()).rejects.toMatchObject({
      code: "whatsapp_unavailable",
      message: "WhatsApp service did not answer within 0.1 s",
    });
    expect(Date.now() - started).toBeLessThan(delayMs);
  });

  it("reads the plain-text 404 of a route this WuzAPI does not have", async () => {
    const misrouted = createWuzapiClient({ baseUrl: `${baseUrl}/wrong-prefix`, adminToken: ADMIN_TOKEN });
    expect(await kindOf(misrouted.health())).toBe("unknown_route");
  });
});
