import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../test-support/harness.js";
import { goFormEncode, goJson } from "../util/go-json.js";

const KEY = "h".repeat(32);

describe("webhook delivery", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("posts JSON with the event plus userID and instanceName, keys sorted as Go writes them", async () => {
    h = await startHarness();
    const user = await h.pairedUser({ events: ["Message"] });
    await h.request("POST", "/session/hmac/config", { token: user.token, body: { hmac_key: KEY } });
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "json <body> & co" });
    await h.receiver.waitForType("Message");
    const [delivery] = h.receiver.deliveries;
    expect(delivery?.headers["content-type"]).toBe("application/json");
    expect(delivery?.event).toMatchObject({
      type: "Message",
      userID: user.id,
      instanceName: expect.any(String),
    });
    expect(delivery?.body).toBe(goJson(JSON.parse(delivery?.body ?? "")));
    expect(delivery?.body).toContain("\\u003cbody\\u003e \\u0026 co");
    expect(delivery?.headers["x-hmac-signature"]).toBe(
      createHmac("sha256", KEY)
        .update(delivery?.body ?? "")
        .digest("hex"),
    );
  });

  it("posts a form with jsonData, userID and instanceName, signed over the sorted form string", async () => {
    h = await startHarness({ webhookFormat: "form" });
    const user = await h.pairedUser({ events: ["Message"] });
    await h.request("POST", "/session/hmac/config", { token: user.token, body: { hmac_key: KEY } });
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "form body ~*" });
    await h.receiver.waitForType("Message");
    const [delivery] = h.receiver.deliveries;
    expect(delivery?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(delivery?.body);
    expect([...form.keys()]).toEqual(["instanceName", "jsonData", "userID"]);
    expect(form.get("userID")).toBe(user.id);
    expect(JSON.parse(form.get("jsonData") ?? "").event.Message.conversation).toBe("form body ~*");
    expect(delivery?.body).toBe(
      goFormEncode({
        jsonData: form.get("jsonData") ?? "",
        userID: form.get("userID") ?? "",
        instanceName: form.get("instanceName") ?? "",
      }),
    );
    expect(delivery?.body).toContain("~%2A");
    expect(delivery?.headers["x-hmac-signature"]).toBe(
      createHmac("sha256", KEY)
        .update(delivery?.body ?? "")
        .digest("hex"),
    );
  });

  it("delivers only subscribed events", async () => {
    h = await startHarness();
    const user = await h.pairedUser({ events: ["ReadReceipt"] });
    await h.request("POST", "/chat/send/text", {
      token: user.token,
      body: { Phone: "5521969863660", Body: "x" },
    });
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "not subscribed" });
    await h.receiver.waitFor((event) => event.state === "Read");
    await h.sim.control.webhooksIdle();
    expect(new Set(h.receiver.events().map((event) => event.type))).toEqual(new Set(["ReadReceipt"]));
  });

  it("retries a failing receiver with backoff and keeps per-user order", async () => {
    h = await startHarness({ timings: { webhookRetries: 4, webhookRetryDelayMs: 20 } });
    const user = await h.pairedUser({ events: ["Message"] });
    h.receiver.failNext(2, 503);
    const started = Date.now();
    for (const text of ["one", "two", "three"])
      h.sim.control.inbound(user.id, { from: "5521969863660", text });
    await h.sim.control.webhooksIdle();
    // Two failed attempts waited 20 ms then 40 ms before the first event got through.
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(h.receiver.attempts).toBe(5);
    expect(h.receiver.events("Message").map((event) => event.event.Message.conversation)).toEqual([
      "one",
      "two",
      "three",
    ]);
    expect(h.sim.stats()).toMatchObject({ failed: 0, pending: 0 });
  });

  it("drops an event after the last attempt and counts it", async () => {
    h = await startHarness({ timings: { webhookRetries: 2, webhookRetryDelayMs: 5 } });
    const user = await h.pairedUser({ events: ["Message"] });
    const before = h.sim.stats();
    h.receiver.failNext(2, 500);
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "lost" });
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "kept" });
    await h.sim.control.webhooksIdle();
    expect(h.sim.stats()).toEqual({ delivered: before.delivered + 1, failed: before.failed + 1, pending: 0 });
    expect(h.receiver.events("Message").map((event) => event.event.Message.conversation)).toEqual(["kept"]);
  });

  it("counts connection errors as failures too", async () => {
    h = await startHarness({ timings: { webhookRetries: 2, webhookRetryDelayMs: 5 } });
    const user = await h.pairedUser({ events: ["Message"] });
    await h.request("POST", "/webhook", {
      token: user.token,
      body: { webhookurl: "http://127.0.0.1:1/closed" },
    });
    h.sim.control.inbound(user.id, { from: "5521969863660", text: "nobody listens" });
    await h.sim.control.webhooksIdle();
    expect(h.sim.control.user(user.id).webhooks.failed).toBe(1);
  });
});

describe("webhook configuration", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("gets, sets, updates and deletes the webhook", async () => {
    h = await startHarness();
    const user = await h.createUser({ events: "" });
    const empty = await h.request("GET", "/webhook", { token: user.token });
    expect(empty.json.data).toEqual({ webhook: h.webhookUrl, subscribe: [""] });
    const set = await h.request("POST", "/webhook", {
      token: user.token,
      body: { WebhookURL: "http://127.0.0.1:9/a", events: ["Message", "Nope"] },
    });
    expect(set.json.data).toEqual({ webhook: "http://127.0.0.1:9/a" });
    expect((await h.request("GET", "/webhook", { token: user.token })).json.data.subscribe).toEqual([
      "Message",
    ]);
    const bad = await h.request("POST", "/webhook", { token: user.token, body: "[" });
    expect(bad.json.error).toBe("could not decode payload");
    const inactive = await h.request("PUT", "/webhook", {
      token: user.token,
      body: { webhook: "http://127.0.0.1:9/b", events: ["ReadReceipt"], active: false },
    });
    expect(inactive.json.data).toEqual({ webhook: "", events: ["ReadReceipt"], active: false });
    const deleted = await h.request("DELETE", "/webhook", { token: user.token });
    expect(deleted.json.data).toEqual({ Details: "Webhook and events deleted successfully" });
    expect((await h.request("GET", "/session/status", { token: user.token })).json.data).toMatchObject({
      webhook: "",
      events: "",
    });
  });
});
