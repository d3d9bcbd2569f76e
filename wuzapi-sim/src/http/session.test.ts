import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, sleep, startHarness, waitUntil } from "../test-support/harness.js";

describe("session lifecycle", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("answers 500 no session without an in-memory client", async () => {
    const user = await h.createUser();
    for (const [method, path, body] of [
      ["GET", "/session/qr", undefined],
      ["POST", "/session/disconnect", undefined],
      ["POST", "/session/logout", undefined],
      ["POST", "/session/pairphone", { Phone: "5511999990000" }],
      ["POST", "/chat/send/text", { Phone: "5511999990000", Body: "x" }],
      ["GET", "/user/contacts", undefined],
    ] as const) {
      const response = await h.request(method, path, { token: user.token, body });
      expect(response.status, path).toBe(500);
      expect(response.json, path).toEqual({ code: 500, error: "no session", success: false });
    }
  });

  it("rejects requests without a valid user token, by header or query", async () => {
    const user = await h.createUser();
    expect((await h.request("GET", "/session/status")).json.error).toBe("unauthorized");
    expect((await h.request("GET", "/session/status", { token: "wrong" })).status).toBe(401);
    expect((await h.request("GET", `/session/status?token=${user.token}`)).status).toBe(200);
  });

  it("reports status with lowercase connected/loggedIn and history as a string", async () => {
    const user = await h.createUser({ history: 20 });
    const status = await h.request("GET", "/session/status", { token: user.token });
    expect(status.json.data).toMatchObject({
      connected: false,
      loggedIn: false,
      history: "20",
      hmac_configured: false,
    });
    expect(status.json.data).not.toHaveProperty("Connected");
  });

  it("connect: overwrites events, drops unknown names, needs a decodable body", async () => {
    const user = await h.createUser({ events: "All" });
    const bad = await h.request("POST", "/session/connect", { token: user.token, body: "" });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe("could not decode Payload");
    const response = await h.request("POST", "/session/connect", {
      token: user.token,
      body: { Subscribe: ["Message", "Bogus", "QR", "Message"], Immediate: true },
    });
    expect(response.json.data).toEqual({
      details: "Connected!",
      events: "Message,QR",
      jid: "",
      webhook: h.webhookUrl,
    });
    const again = await h.request("POST", "/session/connect", {
      token: user.token,
      body: { Immediate: true },
    });
    expect(again.status).toBe(500);
    expect(again.json.error).toBe("already connected");
  });

  it("connect without Immediate blocks for connectWaitMs", async () => {
    const user = await h.createUser();
    const started = Date.now();
    const response = await h.request("POST", "/session/connect", { token: user.token, body: {} });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    // A pending QR code means the socket is up: connected, not logged in.
    expect(response.status).toBe(200);
  });

  it("connect without Immediate answers failed to Connect when WhatsApp is unreachable", async () => {
    const user = await h.createUser();
    h.sim.control.faults({ whatsappDown: true });
    try {
      const started = Date.now();
      const response = await h.request("POST", "/session/connect", {
        token: user.token,
        body: { Subscribe: ["All"] },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
      expect(response.status).toBe(500);
      expect(response.json.error).toBe("failed to Connect");
      const status = await h.request("GET", "/session/status", { token: user.token });
      expect(status.json.data.connected).toBe(false);
    } finally {
      h.sim.control.faults({ whatsappDown: false });
    }
  });

  it("rotates QR codes, then QRTimeout destroys the client", async () => {
    const user = await h.createUser();
    await h.request("POST", "/session/connect", {
      token: user.token,
      body: { Subscribe: ["QR", "QRTimeout"], Immediate: true },
    });
    const first = await h.receiver.waitFor((event) => event.type === "QR" && event.userID === user.id);
    expect(first.event).toBe("code");
    expect(first.qrCodeBase64).toMatch(/^data:image\/png;base64,iVBOR/);
    const png = Buffer.from(first.qrCodeBase64.split(",")[1], "base64");
    expect(png.readUInt32BE(16)).toBe(256);
    const pending = await h.request("GET", "/session/qr", { token: user.token });
    expect(pending.json.data.QRCode).toBe(first.qrCodeBase64);
    expect((await h.request("GET", "/session/status", { token: user.token })).json.data).toMatchObject({
      connected: true,
      loggedIn: false,
    });
    const timeout = await h.receiver.waitFor(
      (event) => event.type === "QRTimeout" && event.userID === user.id,
    );
    expect(timeout.event).toBe("timeout");
    const codes = h.receiver.events("QR").filter((event) => event.userID === user.id);
    expect(codes).toHaveLength(3);
    expect(new Set(codes.map((event) => event.qrCodeBase64)).size).toBe(3);
    expect((await h.request("GET", "/session/qr", { token: user.token })).json.error).toBe("no session");
    expect((await h.request("GET", "/session/status", { token: user.token })).json.data.qrcode).toBe("");
  });

  it("pairs by phone code: ABCD-EFGH, then the phone enters it", async () => {
    const user = await h.createUser();
    await h.request("POST", "/session/connect", {
      token: user.token,
      body: { Subscribe: ["All"], Immediate: true },
    });
    const missing = await h.request("POST", "/session/pairphone", { token: user.token, body: { Phone: "" } });
    expect(missing.json).toEqual({ code: 400, error: "missing Phone in Payload", success: false });
    const code = await h.request("POST", "/session/pairphone", {
      token: user.token,
      body: { Phone: "5521988887777" },
    });
    expect(code.json.data.LinkingCode).toMatch(/^[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}$/);
    const scanned = h.sim.control.scan(user.id);
    expect(scanned.number).toBe("5521988887777");
    const paired = await h.request("POST", "/session/pairphone", {
      token: user.token,
      body: { Phone: "5521988887777" },
    });
    expect(paired.json.error).toBe("already paired");
    expect((await h.request("GET", "/session/qr", { token: user.token })).json.error).toBe(
      "already logged in",
    );
  });

  it("scan sends PairSuccess, Connected, the push name and HistorySync, in that order", async () => {
    const user = await h.pairedUser();
    const events = h.receiver.events().filter((event) => event.userID === user.id && event.type !== "QR");
    expect(events.slice(0, 4).map((event) => event.type)).toEqual([
      "PairSuccess",
      "Connected",
      "Connected",
      "HistorySync",
    ]);
    // PushNameSetting travels as a second "Connected" carrying the profile name.
    expect(events[2]?.event).toMatchObject({ Action: { name: expect.any(String) }, FromFullSync: true });
    const pair = h.receiver.events("PairSuccess").find((event) => event.userID === user.id);
    expect(pair?.event.ID).toMatch(new RegExp(`^${user.number}:\\d+@s\\.whatsapp\\.net$`));
    expect(pair?.event.LID).toMatch(/^\d+:\d+@lid$/);
    const status = await h.request("GET", "/session/status", { token: user.token });
    expect(status.json.data).toMatchObject({ connected: true, loggedIn: true, jid: pair?.event.ID });
  });

  it("sends no HistorySync to a user who subscribed after pairing", async () => {
    const user = await h.pairedUser({ events: ["Message"] });
    expect(h.receiver.events().filter((event) => event.userID === user.id)).toEqual([]);
    await h.request("POST", "/webhook", {
      token: user.token,
      body: { webhookurl: h.webhookUrl, events: ["All"] },
    });
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "after" });
    await h.receiver.waitFor((event) => event.userID === user.id && event.type === "Message");
    expect(h.receiver.events("HistorySync").filter((event) => event.userID === user.id)).toEqual([]);
  });

  it("disconnect clears events and keeps the pairing; logout unpairs", async () => {
    const user = await h.pairedUser();
    const disconnected = await h.request("POST", "/session/disconnect", { token: user.token });
    expect(disconnected.json.data).toEqual({ Details: "Disconnected" });
    const status = await h.request("GET", "/session/status", { token: user.token });
    expect(status.json.data).toMatchObject({ connected: false, loggedIn: false, events: "" });
    expect(status.json.data.jid).not.toBe("");
    expect((await h.request("POST", "/session/disconnect", { token: user.token })).json.error).toBe(
      "no session",
    );

    h.receiver.clear();
    await h.request("POST", "/session/connect", {
      token: user.token,
      body: { Subscribe: ["All"], Immediate: true },
    });
    await h.receiver.waitFor((event) => event.userID === user.id && event.type === "Connected");
    expect(h.receiver.events("QR").filter((event) => event.userID === user.id)).toEqual([]);

    const loggedOut = await h.request("POST", "/session/logout", { token: user.token });
    expect(loggedOut.json.data).toEqual({ Details: "Logged out" });
    const after = await h.request("GET", "/session/status", { token: user.token });
    expect(after.json.data).toMatchObject({ connected: false, loggedIn: false, jid: "" });
    await sleep(20);
    expect(h.receiver.events("LoggedOut").filter((event) => event.userID === user.id)).toEqual([]);
  });

  it("logout while a QR code is pending answers could not logout as it was not logged in", async () => {
    const user = await h.createUser();
    await h.request("POST", "/session/connect", { token: user.token, body: { Immediate: true } });
    const response = await h.request("POST", "/session/logout", { token: user.token });
    expect(response.json).toEqual({
      code: 500,
      error: "could not logout as it was not logged in",
      success: false,
    });
  });

  it("HMAC: a key given at creation is stored but not used until hmac/config", async () => {
    const key = "s".repeat(40);
    const user = await h.pairedUser({ fields: { hmacKey: key } });
    const unsigned = h.receiver.deliveries.find((delivery) => delivery.event.userID === user.id);
    expect(unsigned?.headers["x-hmac-signature"]).toBeUndefined();
    expect((await h.request("GET", "/session/hmac/config", { token: user.token })).json).toEqual({
      hmac_key: "***",
    });

    const short = await h.request("POST", "/session/hmac/config", {
      token: user.token,
      body: { hmac_key: "short" },
    });
    expect(short.status).toBe(400);
    const saved = await h.request("POST", "/session/hmac/config", {
      token: user.token,
      body: { hmac_key: key },
    });
    expect(saved.json).toEqual({ Details: "HMAC configuration saved successfully" });
    h.receiver.clear();
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "signed" });
    await h.receiver.waitFor((event) => event.userID === user.id && event.type === "Message");
    const delivery = h.receiver.deliveries.find((candidate) => candidate.event.userID === user.id);
    expect(delivery?.headers["x-hmac-signature"]).toBe(
      createHmac("sha256", key)
        .update(delivery?.body ?? "")
        .digest("hex"),
    );

    const removed = await h.request("DELETE", "/session/hmac/config", { token: user.token });
    expect(removed.json).toEqual({ Details: "HMAC configuration deleted successfully" });
    expect((await h.request("GET", "/session/hmac/config", { token: user.token })).json).toEqual({
      hmac_key: "",
    });
  });

  it("configures history and asks the phone for older messages", async () => {
    const user = await h.pairedUser();
    const noBody = await h.request("POST", "/session/history", { token: user.token, body: "x" });
    expect(noBody.json.error).toBe("could not decode Payload");
    const configured = await h.request("POST", "/session/history", {
      token: user.token,
      body: { history: 30 },
    });
    expect(configured.json.data).toEqual({ Details: "History configured successfully", History: 30 });
    expect((await h.request("GET", "/session/status", { token: user.token })).json.data.history).toBe("30");

    const chat = "5521969863660@s.whatsapp.net";
    const older = await h.request(
      "GET",
      `/session/history?chat_jid=${chat}&count=7&oldest_msg_timestamp=1700000000000`,
      {
        token: user.token,
      },
    );
    expect(older.json.data).toMatchObject({ details: "History sync request Sent", count: 7, chat_jid: chat });
    const sync = await h.receiver.waitFor(
      (event) => event.userID === user.id && event.type === "HistorySync" && event.event.Data.syncType === 6,
    );
    const conversation = sync.event.Data.conversations[0];
    expect(conversation.ID).toBe(chat);
    expect(conversation.messages).toHaveLength(7);
    for (const { message } of conversation.messages)
      expect(message.messageTimestamp).toBeLessThan(1_700_000_000);
  });

  it("POST /session/history needs a client (400 no session)", async () => {
    const user = await h.createUser();
    const response = await h.request("POST", "/session/history", { token: user.token, body: { history: 5 } });
    expect(response.json).toEqual({ code: 400, error: "no session", success: false });
  });

  it("a dropped connection sends Disconnected and leaves no session until connect", async () => {
    const user = await h.pairedUser();
    h.sim.control.drop(user.id);
    await h.receiver.waitFor((event) => event.userID === user.id && event.type === "Disconnected");
    expect(
      (await h.request("POST", "/chat/send/text", { token: user.token, body: { Phone: "1", Body: "x" } }))
        .json.error,
    ).toBe("no session");
    await h.request("POST", "/session/connect", { token: user.token, body: { Immediate: true } });
    await waitUntil(() => h.sim.control.user(user.id).loggedIn);
  });
});
