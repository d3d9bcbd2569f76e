import type { HTTPMethods, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/config.js";
import type { AccountRow } from "../src/db/schema.js";
import { requireAdmin, requireUser } from "../src/http/session-auth.js";
import { decryptSecret } from "../src/lib/crypto.js";
import { createTestApp, sessionCookieOf, simulatorOf, type TestApp } from "./support/app.js";
import { dataFingerprint, settledFingerprint } from "./support/data-fingerprint.js";
import { eventually } from "./support/realtime.js";
import { type ApiRoute, apiRoutes } from "./support/route-log.js";

vi.mock("fastify", async (original) =>
  (await import("./support/route-log.js")).withRouteLog(await original<typeof import("fastify")>()),
);

/** Routes anyone may call: each guards itself (credentials, webhook secret, private network). */
const PUBLIC_ROUTES = [
  "GET /api/health",
  "GET /api/ready",
  "GET /api/metrics",
  "POST /api/auth/login",
  "POST /api/webhooks/wuzapi/:secret",
  "GET /api/ws",
];

/** Per-user data: another user's id must look exactly like an id that does not exist. */
const OWNED_PREFIXES = ["/api/chats/", "/api/whatsapp/contacts/", "/api/favourites/"];

/** A valid body for each owned route that needs one, so the ownership check is what answers. */
const VALID_BODIES: Record<string, object> = {
  "POST /api/chats/:id/messages": { text: "hello" },
  "PUT /api/chats/:id/messages/:messageId/reaction": { emoji: "👍" },
  "PATCH /api/chats/:id/messages/:messageId": { text: "edited" },
  "POST /api/whatsapp/contacts/:id/link": { contactRefId: 1 },
  "POST /api/whatsapp/contacts/:id/add-to-book": { name: "Taken over" },
};

const hooksOf = (route: ApiRoute) => [route.route.onRequest ?? []].flat();
const key = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

describe("security", () => {
  let t: TestApp;
  let bruno: string;
  let chen: string;
  let alice: string;
  const ids = { chat: 0, message: 0, whatsappContact: 0, favourite: 0, ownChat: 0 };

  const settle = async () => {
    await simulatorOf(t).webhooksIdle();
    await t.services.inboxWorker.idle();
  };
  const linkNumber = async (cookie: string) => {
    await t.call(cookie, "POST", "/api/whatsapp/connect");
    expect((await t.call(cookie, "POST", "/api/whatsapp/demo-scan")).statusCode).toBe(202);
    await eventually(async () => {
      const { account } = (await t.call(cookie, "GET", "/api/whatsapp/account")).json();
      return account?.state === "connected" && account.import.state === "done";
    }, 20_000);
    await settle();
  };

  beforeAll(async () => {
    t = await createTestApp();
    alice = await t.login("alice");
    bruno = await t.login("bruno");
    chen = await t.login("chen");
    await linkNumber(bruno);
    await linkNumber(chen);
    const chenChats = (await t.call(chen, "GET", "/api/chats?limit=100")).json().items as Array<{
      id: number;
    }>;
    ids.chat = (chenChats[0] as { id: number }).id;
    const messages = (await t.call(chen, "GET", `/api/chats/${ids.chat}/messages`)).json().items;
    ids.message = messages[0].id;
    const contacts = (await t.call(chen, "GET", "/api/whatsapp/contacts")).json().items;
    ids.whatsappContact = contacts[0].id;
    const favourite = await t.call(chen, "PUT", "/api/favourites", {
      contactWhatsappId: ids.whatsappContact,
    });
    ids.favourite = favourite.json().favourite.id;
    ids.ownChat = (await t.call(bruno, "GET", "/api/chats?limit=1")).json().items[0].id;
    await settle();
  }, 60_000);
  afterAll(() => t?.close());

  describe("ownership", () => {
    const withIds = (url: string, chat: number) =>
      url
        .replace(":messageId", String(ids.message))
        .replace(
          ":id",
          String(
            url.startsWith("/api/chats/")
              ? chat
              : url.startsWith("/api/favourites/")
                ? ids.favourite
                : ids.whatsappContact,
          ),
        );

    it("answers another user's chat, message, WhatsApp contact or favourite with 404 and changes nothing", async () => {
      const owned = apiRoutes().filter(
        (route) => route.url.includes(":") && OWNED_PREFIXES.some((prefix) => route.url.startsWith(prefix)),
      );
      expect(owned.length).toBeGreaterThanOrEqual(15);
      const before = await settledFingerprint(t);
      const answers: Record<string, number> = {};
      for (const route of owned) {
        const body = VALID_BODIES[key(route)];
        const response = await t.call(bruno, route.method as HTTPMethods, withIds(route.url, ids.chat), body);
        answers[key(route)] = response.statusCode;
        if (response.statusCode === 404)
          expect(response.json().error.message).not.toMatch(/owner|another|forbidden/i);
      }
      // Routes taking a non-JSON body (uploads) may refuse the body first; none may succeed.
      const expected = Object.fromEntries(
        owned.map((route) => [
          key(route),
          VALID_BODIES[key(route)] || !hasBodySchema(route)
            ? 404
            : expect.toSatisfy((status: number) => status >= 400 && status < 500),
        ]),
      );
      expect(answers).toEqual(expected);
      expect(await settledFingerprint(t)).toEqual(before);
    });

    it("serves the owner the same ids (the 404s above are about ownership, not the ids)", async () => {
      expect((await t.call(chen, "GET", `/api/chats/${ids.chat}`)).statusCode).toBe(200);
      expect((await t.call(chen, "GET", `/api/chats/${ids.chat}/messages`)).statusCode).toBe(200);
      expect((await t.call(bruno, "GET", `/api/chats/${ids.ownChat}`)).statusCode).toBe(200);
    });

    it("refuses to favourite another user's WhatsApp contact or reorder their favourites", async () => {
      const before = await settledFingerprint(t);
      const add = await t.call(bruno, "PUT", "/api/favourites", { contactWhatsappId: ids.whatsappContact });
      expect(add.statusCode).toBe(404);
      const order = await t.call(bruno, "PUT", "/api/favourites/order", { ids: [ids.favourite] });
      expect(order.statusCode).toBe(400);
      expect(await dataFingerprint(t.services.database.db)).toEqual(before);
    });

    it("acts on the caller's own WhatsApp account only", async () => {
      const accountOf = async (cookie: string) =>
        (await t.call(cookie, "GET", "/api/whatsapp/account")).json().account;
      expect((await accountOf(chen)).state).toBe("connected");
      expect((await t.call(bruno, "POST", "/api/whatsapp/disconnect")).statusCode).toBe(200);
      expect((await t.call(alice, "POST", "/api/whatsapp/unlink")).statusCode).toBeLessThan(500);
      await settle();
      expect((await accountOf(bruno)).state).toBe("disconnected");
      expect((await accountOf(chen)).state).toBe("connected");
    });
  });

  describe("access control", () => {
    it("lists exactly the known public routes; every other route needs a session", async () => {
      const open = apiRoutes()
        .filter((route) => !hooksOf(route).some((hook) => hook === requireUser || hook === requireAdmin))
        .map(key);
      expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
      for (const route of apiRoutes().filter((r) => !PUBLIC_ROUTES.includes(key(r)))) {
        const response = await t.app.inject({
          method: route.method as HTTPMethods,
          url: route.url.replace(/:\w+/g, "1"),
        });
        expect([key(route), response.statusCode]).toEqual([key(route), 401]);
      }
    });

    it("refuses every administrator route to an agent with 403, writing nothing", async () => {
      const adminOnly = apiRoutes().filter((route) => hooksOf(route).includes(requireAdmin));
      const before = await settledFingerprint(t);
      expect(adminOnly.map(key)).toEqual(
        expect.arrayContaining([
          "GET /api/users",
          "POST /api/users",
          "POST /api/tags",
          "GET /api/whatsapp/accounts",
        ]),
      );
      for (const route of adminOnly) {
        const response = await t.call(bruno, route.method as HTTPMethods, route.url.replace(/:\w+/g, "1"), {
          name: "x",
        });
        expect([key(route), response.statusCode, response.json().error.code]).toEqual([
          key(route),
          403,
          "admin_only",
        ]);
      }
      const tags = await t.app.inject({
        method: "POST",
        url: "/api/contacts/import?dryRun=false&createTags=true",
        headers: { cookie: bruno, "content-type": "text/csv" },
        payload: "name,tag\nEve,Brand new tag\n",
      });
      expect(tags.statusCode).toBe(403);
      expect(await dataFingerprint(t.services.database.db)).toEqual(before);
    });
  });

  describe("cross-site requests", () => {
    const write = (headers: Record<string, string>) =>
      t.app.inject({
        method: "POST",
        url: "/api/tags",
        headers: { cookie: alice, "content-type": "application/json", ...headers },
        payload: JSON.stringify({ name: `Tag ${Math.random()}`, color: "#123456" }),
      });

    it.each([
      ["a foreign Origin", { origin: "https://evil.example" }],
      ["a foreign Referer and no Origin", { referer: "https://evil.example/page" }],
      ["a look-alike host", { origin: "https://localhost.evil.example" }],
      ["Sec-Fetch-Site: cross-site without Origin", { "sec-fetch-site": "cross-site" }],
      ["an Origin of null", { origin: "null" }],
    ])("refuses a write with %s (403) and writes nothing", async (_name, headers) => {
      const before = await settledFingerprint(t);
      const response = await write(headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe("cross_site_request");
      expect(await dataFingerprint(t.services.database.db)).toEqual(before);
    });

    it("accepts the same write from this site's own pages", async () => {
      expect((await write({ origin: "http://localhost", "sec-fetch-site": "same-origin" })).statusCode).toBe(
        201,
      );
    });

    it("takes JSON only (a cross-site form cannot post without a preflight)", async () => {
      const form = await t.app.inject({
        method: "POST",
        url: "/api/tags",
        headers: { cookie: alice, "content-type": "application/x-www-form-urlencoded" },
        payload: "name=Evil&color=%23000000",
      });
      expect(form.statusCode).toBe(415);
    });
  });

  describe("sessions", () => {
    const me = (cookie: string) => t.app.inject({ method: "GET", url: "/api/me", headers: { cookie } });
    const loginWith = (cookie: string | null, username = "bruno", password = "parley-demo") =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        headers: cookie ? { cookie } : {},
        payload: { username, password },
      });

    it("never adopts a session id planted before sign-in", async () => {
      const planted = "parley_session=planted-by-an-attacker-0123456789";
      const response = await loginWith(planted);
      expect(response.statusCode).toBe(200);
      expect(sessionCookieOf(response)).not.toBe("planted-by-an-attacker-0123456789");
      expect((await me(planted)).statusCode).toBe(401);
    });

    it("rotates the session on every sign-in and ends the one the browser held", async () => {
      const first = await loginWith(null);
      const firstCookie = `parley_session=${sessionCookieOf(first)}`;
      const second = await loginWith(firstCookie);
      const secondCookie = `parley_session=${sessionCookieOf(second)}`;
      expect(secondCookie).not.toBe(firstCookie);
      expect((await me(firstCookie)).statusCode).toBe(401);
      expect((await me(secondCookie)).statusCode).toBe(200);
    });

    it("ends the session on the server at sign-out: the old cookie is refused", async () => {
      const cookie = `parley_session=${sessionCookieOf(await loginWith(null))}`;
      expect((await t.call(cookie, "POST", "/api/auth/logout")).statusCode).toBe(204);
      expect((await me(cookie)).statusCode).toBe(401);
    });

    it("ends every session of a user whose password an administrator resets, or who is disabled", async () => {
      const created = await t.call(alice, "POST", "/api/users", {
        username: "leaving",
        fullName: "Leaving Soon",
        role: "agent",
        password: "first-password-1",
      });
      const id = created.json().user.id;
      const session = await t.login("leaving", "first-password-1");
      expect(
        (await t.call(alice, "PATCH", `/api/users/${id}`, { password: "second-password-2" })).statusCode,
      ).toBe(200);
      expect((await me(session)).statusCode).toBe(401);
      const next = await t.login("leaving", "second-password-2");
      expect((await t.call(alice, "PATCH", `/api/users/${id}`, { disabled: true })).statusCode).toBe(200);
      expect((await me(next)).statusCode).toBe(401);
      expect((await loginWith(null, "leaving", "second-password-2")).statusCode).toBe(401);
    });

    it("ends an administrator's other sessions when they change their own password, keeping this one", async () => {
      const here = await t.login("alice");
      const elsewhere = await t.login("alice");
      const changed = await t.call(here, "PATCH", "/api/users/1", { password: "a-brand-new-password-9" });
      expect(changed.statusCode).toBe(200);
      expect((await me(here)).statusCode).toBe(200);
      expect((await me(elsewhere)).statusCode).toBe(401);
      expect((await me(alice)).statusCode).toBe(401);
      const back = await t.call(here, "PATCH", "/api/users/1", { password: "parley-demo" });
      expect(back.statusCode).toBe(200);
      alice = here;
    });

    it("rate-limits failed sign-ins per username and per address", async () => {
      const { maxPerUser, maxPerIp } = t.services.config.login;
      const attempt = (username: string, ip: string) =>
        t.app.inject({
          method: "POST",
          url: "/api/auth/login",
          remoteAddress: ip,
          payload: { username, password: "wrong-password" },
        });
      for (let i = 0; i < maxPerUser; i++)
        expect((await attempt("chen", `10.0.0.${i + 1}`)).statusCode).toBe(401);
      const limited = await attempt("chen", "10.0.1.1");
      expect(limited.statusCode).toBe(429);
      expect(limited.headers["retry-after"]).toMatch(/^\d+$/);
      for (let i = 0; i < maxPerIp; i++)
        expect((await attempt(`nobody-${i}`, "10.0.2.1")).statusCode).toBe(401);
      expect((await attempt("someone-else", "10.0.2.1")).statusCode).toBe(429);
    });
  });

  describe("secrets", () => {
    it("appear in no API answer, for an agent or an administrator", async () => {
      const db = t.services.database.db;
      const accounts = (await db.selectFrom("wa_account").selectAll().execute()) as AccountRow[];
      const users = await db.selectFrom("user_ref").select("password_hash").execute();
      const secrets = [
        ...accounts.flatMap((account) => [
          account.webhook_secret,
          account.wuzapi_token_enc,
          account.hmac_key_enc,
          account.wuzapi_token_enc && decryptSecret(account.wuzapi_token_enc, t.services.secretKey),
          account.hmac_key_enc && decryptSecret(account.hmac_key_enc, t.services.secretKey),
        ]),
        ...users.map((user) => user.password_hash),
        t.services.config.secretKey ?? "",
        sessionValue(bruno),
        sessionValue(alice),
      ].filter((value): value is string => typeof value === "string" && value.length >= 8);
      expect(secrets.length).toBeGreaterThan(8);

      const readable = apiRoutes().filter(
        (route) => route.method === "GET" && !["GET /api/ws", "GET /api/metrics"].includes(key(route)),
      );
      const crawled: string[] = [];
      for (const cookie of [bruno, alice]) {
        for (const route of readable) {
          const url = route.url
            .replace(":messageId", String(ids.message))
            .replace(":id", String(route.url.startsWith("/api/chats/") ? ids.ownChat : 1));
          const response = await t.call(cookie, "GET", url);
          crawled.push(`${url} ${response.statusCode}`);
          const text = response.body + JSON.stringify(response.headers);
          for (const secret of secrets) expect(text.includes(secret), `${url} leaks a secret`).toBe(false);
        }
      }
      expect(crawled.filter((line) => line.endsWith(" 200")).length).toBeGreaterThan(20);
    });
  });

  describe("headers", () => {
    const cspOf = (response: LightMyRequestResponse) => String(response.headers["content-security-policy"]);
    const directive = (csp: string, name: string) =>
      csp
        .split(";")
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${name} `)) ?? "";

    it.each(["/", "/chats", "/api/me", "/api/health"])("sends the security headers on %s", async (url) => {
      const response = await t.call(alice, "GET", url);
      const csp = cspOf(response);
      expect(directive(csp, "script-src")).toBe("script-src 'self'");
      expect(directive(csp, "object-src")).toBe("object-src 'none'");
      expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
      expect(directive(csp, "base-uri")).toBe("base-uri 'self'");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["x-frame-options"]).toBe("DENY");
      expect(response.headers["referrer-policy"]).toBe("no-referrer");
    });

    it("sets the session cookie httpOnly and SameSite=Lax", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "alice", password: "parley-demo" },
      });
      const cookie = response.cookies.find((c) => c.name === "parley_session");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    });

    it("marks the cookie Secure in production (and wherever COOKIE_SECURE is on)", async () => {
      const production = loadConfig({
        NODE_ENV: "production",
        SECRET_KEY: "Zq8yK3vN1pW6tR0sL4mX9cB2hJ7fD5gA",
        WUZAPI_URL: "http://wuzapi:8080",
        WUZAPI_ADMIN_TOKEN: "Vb7nM2kQ9wE4rT6yU1iO3pA8sD5fG0hJ",
      });
      expect(production.cookieSecure).toBe(true);
      const secure = await createTestApp({ COOKIE_SECURE: "true" });
      try {
        const response = await secure.app.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { username: "alice", password: "parley-demo" },
        });
        expect(response.cookies.find((c) => c.name === "parley_session")).toMatchObject({ secure: true });
      } finally {
        await secure.close();
      }
    });
  });
});

const sessionValue = (cookieHeader: string) => cookieHeader.split("=")[1] ?? "";

function hasBodySchema(route: ApiRoute): boolean {
  return Boolean((route.route.schema as { body?: unknown } | undefined)?.body);
}
