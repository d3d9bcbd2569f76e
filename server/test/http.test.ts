import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.js";

describe("HTTP basics", () => {
  let t: TestApp;
  beforeAll(async () => {
    const dist = await mkdtemp(path.join(tmpdir(), "parley-web-"));
    await mkdir(path.join(dist, "assets"));
    await writeFile(path.join(dist, "index.html"), "<!doctype html><title>Parley</title><div id=root></div>");
    await writeFile(path.join(dist, "assets", "app-abc123.js"), "console.log(1)");
    t = await createTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(() => t.close());

  it("reports liveness and database readiness", async () => {
    expect((await t.app.inject({ url: "/api/health" })).json()).toMatchObject({ status: "ok" });
    const ready = await t.app.inject({ url: "/api/ready" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", checks: { database: "ok" } });
  });

  it("sends security headers: CSP without inline scripts, no framing, nosniff", async () => {
    const response = await t.app.inject({ url: "/" });
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("DENY");
  });

  it("serves the web app for client routes and long-caches hashed assets", async () => {
    const page = await t.app.inject({ url: "/contacts?page=2" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<div id=root>");
    expect(page.headers["cache-control"]).toBe("no-cache");
    const asset = await t.app.inject({ url: "/assets/app-abc123.js" });
    expect(asset.headers["cache-control"]).toContain("immutable");
    expect((await t.app.inject({ url: "/assets/missing.js" })).statusCode).toBe(404);
  });

  it("answers unknown API routes with a JSON 404, never the web app", async () => {
    const response = await t.app.inject({ url: "/api/nothing-here" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: "not_found", message: "No route for GET /api/nothing-here" },
      requestId: expect.any(String),
    });
  });

  it("keeps a sane caller request id and replaces a hostile one", async () => {
    const kept = await t.app.inject({ url: "/api/nope", headers: { "x-request-id": "trace-123" } });
    expect(kept.headers["x-request-id"]).toBe("trace-123");
    expect(kept.json().requestId).toBe("trace-123");
    const replaced = await t.app.inject({ url: "/api/nope", headers: { "x-request-id": "<script>" } });
    expect(replaced.headers["x-request-id"]).not.toBe("<script>");
  });

  it("refuses a cross-site write even with a valid session", async () => {
    const cookie = await t.login("alice");
    const before = await t.services.directory.tags.count();
    const response = await t.app.inject({
      method: "POST",
      url: "/api/tags",
      headers: { cookie, origin: "https://evil.example" },
      payload: { name: "Evil", color: "#000000" },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("cross_site_request");
    expect(await t.services.directory.tags.count()).toBe(before);
    const sameSite = await t.app.inject({
      method: "POST",
      url: "/api/tags",
      headers: { cookie, origin: "http://localhost:80", host: "localhost:80" },
      payload: { name: "Fine", color: "#000000" },
    });
    expect(sameSite.statusCode).toBe(201);
  });

  it("shows each user a dashboard of real counts and only their own activity unless admin", async () => {
    const agent = await t.login("chen");
    const dashboard = (await t.app.inject({ url: "/api/dashboard", headers: { cookie: agent } })).json();
    expect(dashboard.counts.contacts).toBe(await t.services.directory.contacts.count());
    expect(dashboard.counts.tags).toBe(await t.services.directory.tags.count());
    expect(dashboard.counts.users).toBe(3);
    expect(dashboard.whatsapp).toEqual({ state: "none", phoneE164: null });
    expect(dashboard.recentActivity.every((entry: { username: string }) => entry.username === "chen")).toBe(
      true,
    );
    const admin = (
      await t.app.inject({ url: "/api/dashboard", headers: { cookie: await t.login("alice") } })
    ).json();
    expect(new Set(admin.recentActivity.map((entry: { username: string }) => entry.username))).toEqual(
      new Set(["alice", "chen"]),
    );
  });
});
