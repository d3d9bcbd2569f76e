import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../test-support/harness.js";

describe("admin API", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("needs the raw admin token in Authorization", async () => {
    const missing = await h.request("GET", "/admin/users");
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ code: 401, error: "unauthorized", success: false });
    const bearer = await h.request("GET", "/admin/users", {
      headers: { authorization: "Bearer admin-secret" },
    });
    expect(bearer.status).toBe(401);
  });

  it("creates a user with 201 and WuzAPI's create shape", async () => {
    const response = await h.request("POST", "/admin/users", {
      admin: true,
      body: {
        name: "sales",
        token: "create-shape",
        webhook: "http://127.0.0.1:9/x",
        events: "Message,ReadReceipt",
        history: 50,
        hmacKey: "k".repeat(32),
        s3Config: { enabled: true, bucket: "b", accessKey: "AK", mediaDelivery: "both" },
      },
    });
    expect(response.status).toBe(201);
    expect(response.json.code).toBe(201);
    expect(response.json.success).toBe(true);
    const data = response.json.data;
    expect(data.id).toMatch(/^[0-9a-f]{32}$/);
    expect(data).toMatchObject({
      name: "sales",
      token: "create-shape",
      events: "Message,ReadReceipt",
      hmac_key: true,
    });
    expect(data.s3_config).toMatchObject({
      enabled: true,
      bucket: "b",
      access_key: "***",
      media_delivery: "both",
    });
  });

  it("rejects a duplicate token with 409", async () => {
    await h.request("POST", "/admin/users", { admin: true, body: { name: "a", token: "dup-token" } });
    const again = await h.request("POST", "/admin/users", {
      admin: true,
      body: { name: "b", token: "dup-token" },
    });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ code: 409, error: "user with this token already exists", success: false });
  });

  it("rejects unknown event names, short HMAC keys and undecodable bodies", async () => {
    const events = await h.request("POST", "/admin/users", {
      admin: true,
      body: { name: "a", token: "e1", events: "Message,Nope" },
    });
    expect(events.status).toBe(400);
    expect(events.json.error).toBe("invalid event type");
    expect(events.json.details).toContain("Nope");
    const hmac = await h.request("POST", "/admin/users", {
      admin: true,
      body: { name: "a", token: "e2", hmacKey: "short" },
    });
    expect(hmac.status).toBe(400);
    expect(hmac.json.error).toBe("HMAC key must be at least 32 characters long");
    const garbage = await h.request("POST", "/admin/users", { admin: true, body: "{not json" });
    expect(garbage.status).toBe(400);
    expect(garbage.json.error).toBe("invalid request payload");
    const wrongType = await h.request("POST", "/admin/users", {
      admin: true,
      body: { name: 5, token: "e3" },
    });
    expect(wrongType.json.error).toBe("invalid request payload");
  });

  it("lists users with live connected/loggedIn booleans and no history field", async () => {
    const user = await h.createUser({ events: "All" });
    const list = await h.request("GET", "/admin/users", { admin: true });
    const item = list.json.data.find((candidate: { id: string }) => candidate.id === user.id);
    expect(item).toMatchObject({ connected: false, loggedIn: false, events: "All", qrcode: "", jid: "" });
    expect(item).not.toHaveProperty("history");
    const one = await h.request("GET", `/admin/users/${user.id}`, { admin: true });
    expect(one.json.data).toHaveLength(1);
    const none = await h.request("GET", "/admin/users/0000", { admin: true });
    expect(none.json).toEqual({ code: 200, data: [], success: true });
  });

  it("updates partially and reports missing users and empty updates", async () => {
    const user = await h.createUser();
    const updated = await h.request("PUT", `/admin/users/${user.id}`, {
      admin: true,
      body: { name: "renamed", webhook: "" },
    });
    expect(updated.json).toEqual({ code: 200, message: "user updated successfully", success: true });
    const one = await h.request("GET", `/admin/users/${user.id}`, { admin: true });
    expect(one.json.data[0].name).toBe("renamed");
    expect(one.json.data[0].webhook).toBe(h.webhookUrl);
    const empty = await h.request("PUT", `/admin/users/${user.id}`, { admin: true, body: { name: "" } });
    expect(empty.status).toBe(400);
    expect(empty.json.error).toBe("no fields to update");
    const missing = await h.request("PUT", "/admin/users/nobody", { admin: true, body: { name: "x" } });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toBe("user not found");
  });

  it("plain DELETE keeps the cached token working; /full does not", async () => {
    const user = await h.createUser();
    await h.request("GET", "/session/status", { token: user.token });
    const deleted = await h.request("DELETE", `/admin/users/${user.id}`, { admin: true });
    expect(deleted.json).toEqual({
      code: 200,
      data: { id: user.id },
      success: true,
      details: "user deleted successfully",
    });
    expect((await h.request("GET", "/session/status", { token: user.token })).status).toBe(200);
    expect((await h.request("DELETE", `/admin/users/${user.id}`, { admin: true })).status).toBe(404);

    const other = await h.pairedUser();
    await h.request("GET", "/session/status", { token: other.token });
    const full = await h.request("DELETE", `/admin/users/${other.id}/full`, { admin: true });
    expect(full.json.data).toMatchObject({ id: other.id });
    expect(full.json.data.jid).toMatch(/^\d+:\d+@s\.whatsapp\.net$/);
    expect((await h.request("GET", "/session/status", { token: other.token })).status).toBe(401);
  });

  it("answers unknown routes and wrong methods with Go's plain-text 404", async () => {
    for (const [method, path] of [
      ["GET", "/nope"],
      ["GET", "/chat/send/text"],
      ["PATCH", "/admin/users"],
    ] as const) {
      const response = await h.request(method, path, { admin: true });
      expect(response.status).toBe(404);
      expect(response.text).toBe("404 page not found\n");
      expect(response.headers.get("content-type")).toContain("text/plain");
    }
  });

  it("serves a bare, unauthenticated /health", async () => {
    const health = await h.request("GET", "/health");
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: "ok", version: "1.0.6" });
    expect(health.json).not.toHaveProperty("code");
    expect(typeof health.json.total_users).toBe("number");
  });
});
