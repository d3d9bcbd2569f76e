import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.js";

describe("user management (admin only)", () => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login("alice");
    agent = await t.login("bruno");
  });
  afterAll(() => t.close());

  it("lists staff without password hashes", async () => {
    const response = await t.call(admin, "GET", "/api/users");
    expect(response.statusCode).toBe(200);
    const users = response.json().users;
    expect(users.map((u: { username: string }) => u.username)).toEqual(["alice", "bruno", "chen"]);
    expect(response.body).not.toMatch(/argon2|password/i);
  });

  it("refuses agents (403) and anonymous callers (401)", async () => {
    expect((await t.call(agent, "GET", "/api/users")).statusCode).toBe(403);
    expect(
      (
        await t.call(agent, "POST", "/api/users", {
          username: "x",
          fullName: "X",
          role: "agent",
          password: "long-enough-1",
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ url: "/api/users" })).statusCode).toBe(401);
  });

  it("creates a user who can then sign in, and refuses a taken username", async () => {
    const created = await t.call(admin, "POST", "/api/users", {
      username: "Dora.Lee",
      fullName: "Dora Lee",
      email: "dora@parley.example",
      role: "agent",
      password: "a-strong-password",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().user).toMatchObject({
      username: "dora.lee",
      role: "agent",
      disabled: false,
      lastLoginAt: null,
    });
    expect(await t.login("dora.lee", "a-strong-password")).toMatch(/^parley_session=/);
    const again = await t.call(admin, "POST", "/api/users", {
      username: "DORA.LEE",
      fullName: "Other",
      role: "agent",
      password: "a-strong-password",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("username_taken");
  });

  it("disabling a user ends their sessions at once", async () => {
    const created = await t.call(admin, "POST", "/api/users", {
      username: "eve",
      fullName: "Eve",
      role: "agent",
      password: "eve-password-1",
    });
    const eve = await t.login("eve", "eve-password-1");
    expect((await t.call(eve, "GET", "/api/me")).statusCode).toBe(200);
    const disabled = await t.call(admin, "PATCH", `/api/users/${created.json().user.id}`, { disabled: true });
    expect(disabled.json().user.disabled).toBe(true);
    expect((await t.call(eve, "GET", "/api/me")).statusCode).toBe(401);
    await expect(t.login("eve", "eve-password-1")).rejects.toThrow(/401/);
  });

  it("resets a password: the old one stops working and old sessions end", async () => {
    const created = await t.call(admin, "POST", "/api/users", {
      username: "finn",
      fullName: "Finn",
      role: "agent",
      password: "finn-password-1",
    });
    const finn = await t.login("finn", "finn-password-1");
    const reset = await t.call(admin, "PATCH", `/api/users/${created.json().user.id}`, {
      password: "finn-password-2",
    });
    expect(reset.statusCode).toBe(200);
    expect((await t.call(finn, "GET", "/api/me")).statusCode).toBe(401);
    await expect(t.login("finn", "finn-password-1")).rejects.toThrow(/401/);
    expect(await t.login("finn", "finn-password-2")).toMatch(/^parley_session=/);
  });

  it("does not let an admin disable or demote themselves", async () => {
    const me = (await t.call(admin, "GET", "/api/me")).json().user;
    for (const patch of [{ disabled: true }, { role: "agent" }]) {
      const response = await t.call(admin, "PATCH", `/api/users/${me.id}`, patch);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("cannot_modify_self");
    }
    expect((await t.call(admin, "GET", "/api/me")).json().user.role).toBe("admin");
  });

  it("answers 404 for an unknown user id", async () => {
    expect((await t.call(admin, "PATCH", "/api/users/99999", { fullName: "Ghost" })).statusCode).toBe(404);
  });
});
