import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, SAMPLE_PASSWORD, sessionCookieOf, type TestApp } from "./support/app.js";

describe("sign-in, sessions and sign-out", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_USER: "3", LOGIN_MAX_ATTEMPTS_PER_IP: "8" });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, ip = "10.0.0.1") =>
    t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username, password },
      remoteAddress: ip,
    });

  it("signs in with user_ref credentials and sets an httpOnly SameSite=Lax cookie", async () => {
    const response = await login("alice", SAMPLE_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toEqual({
      id: expect.any(Number),
      username: "alice",
      fullName: "Alice Moreira",
      email: "alice@parley.example",
      role: "admin",
    });
    const cookie = response.cookies.find((c) => c.name === "parley_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(response.body).not.toContain(cookie?.value);
    const me = await t.app.inject({ url: "/api/me", cookies: { parley_session: cookie?.value ?? "" } });
    expect(me.json().user.username).toBe("alice");
  });

  it("is case-insensitive on the username", async () => {
    expect((await login("BRUNO", SAMPLE_PASSWORD)).statusCode).toBe(200);
  });

  it("answers a wrong password and an unknown user with the same generic 401", async () => {
    const wrong = await login("chen", "not-the-password", "10.0.0.2");
    const unknown = await login("nobody", "not-the-password", "10.0.0.2");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error).toEqual(unknown.json().error);
    expect(wrong.json().error).toEqual({
      code: "invalid_credentials",
      message: "Wrong username or password",
    });
    expect(wrong.cookies).toHaveLength(0);
  });

  it("issues a new session id at every sign-in (no fixation) and stores only its hash", async () => {
    const first = sessionCookieOf(await login("chen", SAMPLE_PASSWORD));
    const second = sessionCookieOf(await login("chen", SAMPLE_PASSWORD));
    expect(first).not.toBe(second);
    const stored = await t.services.database.db.selectFrom("session").select("id").execute();
    expect(stored.map((row) => row.id)).not.toContain(first);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.id))).toBe(true);
  });

  it("ignores a session cookie the server never issued", async () => {
    const me = await t.app.inject({ url: "/api/me", cookies: { parley_session: "forged-token" } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe("unauthorized");
  });

  it("logs out: the cookie is cleared and the session no longer works", async () => {
    const token = sessionCookieOf(await login("bruno", SAMPLE_PASSWORD));
    const logout = await t.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      cookies: { parley_session: token },
    });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((c) => c.name === "parley_session")?.value).toBe("");
    const me = await t.app.inject({ url: "/api/me", cookies: { parley_session: token } });
    expect(me.statusCode).toBe(401);
  });

  it("rate-limits failed sign-ins per username, even with the right password afterwards", async () => {
    for (let i = 0; i < 3; i++) expect((await login("bruno", "guess", `10.1.0.${i}`)).statusCode).toBe(401);
    const limited = await login("bruno", SAMPLE_PASSWORD, "10.1.0.9");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("rate-limits failed sign-ins per IP across usernames", async () => {
    for (let i = 0; i < 8; i++) await login(`someone${i}`, "guess", "10.9.9.9");
    const limited = await login("alice", SAMPLE_PASSWORD, "10.9.9.9");
    expect(limited.statusCode).toBe(429);
    expect((await login("alice", SAMPLE_PASSWORD, "10.9.9.10")).statusCode).toBe(200);
  });

  it("refuses disabled users with the same generic 401", async () => {
    const user = await t.services.directory.users.findByUsername("chen");
    await t.services.directory.users.update(user?.id ?? 0, { disabled: true });
    const response = await login("chen", SAMPLE_PASSWORD, "10.3.0.1");
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("invalid_credentials");
    await t.services.directory.users.update(user?.id ?? 0, { disabled: false });
  });

  it("records sign-ins and failures in the audit log", async () => {
    const actions = await t.services.database.db.selectFrom("audit_log").select("action").execute();
    expect(actions.map((row) => row.action)).toEqual(
      expect.arrayContaining(["auth.login", "auth.login_failed", "auth.logout"]),
    );
  });
});
