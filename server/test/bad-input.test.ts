import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/schema.js";
import { createTestApp, type TestApp } from "./support/app.js";

const TABLES: Array<keyof Database> = [
  "user_ref",
  "tag_ref",
  "contact_ref",
  "session",
  "audit_log",
  "wa_account",
  "contact_whatsapp",
  "favourite",
];
const LONG = "x".repeat(5000);

interface Case {
  name: string;
  method: "POST" | "PATCH" | "PUT";
  url: string;
  /** A raw body (string) is sent as-is with a JSON content type; objects are serialised. */
  body: string | object;
}

const CASES: Case[] = [
  { name: "login: malformed JSON", method: "POST", url: "/api/auth/login", body: '{"username": "alice",' },
  { name: "login: missing password", method: "POST", url: "/api/auth/login", body: { username: "alice" } },
  {
    name: "login: wrong types",
    method: "POST",
    url: "/api/auth/login",
    body: { username: ["alice"], password: 42 },
  },
  {
    name: "login: overlong username",
    method: "POST",
    url: "/api/auth/login",
    body: { username: LONG, password: "x" },
  },
  { name: "login: JSON that is not an object", method: "POST", url: "/api/auth/login", body: "[1,2,3]" },
  {
    name: "user: bad username characters",
    method: "POST",
    url: "/api/users",
    body: { username: "a b<script>", fullName: "X", role: "agent", password: "long-enough-1" },
  },
  {
    name: "user: short password",
    method: "POST",
    url: "/api/users",
    body: { username: "shorty", fullName: "X", role: "agent", password: "short" },
  },
  {
    name: "user: unknown role",
    method: "POST",
    url: "/api/users",
    body: { username: "roley", fullName: "X", role: "owner", password: "long-enough-1" },
  },
  { name: "user: empty patch", method: "PATCH", url: "/api/users/2", body: {} },
  { name: "user: non-numeric id", method: "PATCH", url: "/api/users/abc", body: { fullName: "X" } },
  { name: "tag: bad colour", method: "POST", url: "/api/tags", body: { name: "Red", color: "red" } },
  { name: "tag: overlong name", method: "POST", url: "/api/tags", body: { name: LONG, color: "#ff0000" } },
  { name: "contact: missing name", method: "POST", url: "/api/contacts", body: { phone: "+447911123456" } },
  {
    name: "contact: bad email",
    method: "POST",
    url: "/api/contacts",
    body: { name: "X", email: "not-an-email" },
  },
  { name: "contact: tagId as string", method: "POST", url: "/api/contacts", body: { name: "X", tagId: "1" } },
  { name: "contact: overlong notes", method: "POST", url: "/api/contacts", body: { name: "X", notes: LONG } },
  { name: "contact: null name", method: "PATCH", url: "/api/contacts/1", body: { name: null } },
  { name: "pair by phone: no phone", method: "POST", url: "/api/whatsapp/pair-phone", body: {} },
  {
    name: "pair by phone: a number as a number",
    method: "POST",
    url: "/api/whatsapp/pair-phone",
    body: { phone: 5511912345678 },
  },
  {
    name: "link: contact id as text",
    method: "POST",
    url: "/api/whatsapp/contacts/1/link",
    body: { contactRefId: "7" },
  },
  {
    name: "link: negative id in the path",
    method: "POST",
    url: "/api/whatsapp/contacts/-1/link",
    body: { contactRefId: 7 },
  },
  {
    name: "+ button: no name",
    method: "POST",
    url: "/api/whatsapp/contacts/1/add-to-book",
    body: { tagId: 1 },
  },
  {
    name: "+ button: overlong name",
    method: "POST",
    url: "/api/whatsapp/contacts/1/add-to-book",
    body: { name: LONG },
  },
  {
    name: "favourite: both targets at once",
    method: "PUT",
    url: "/api/favourites",
    body: { contactRefId: 1, contactWhatsappId: 1 },
  },
  { name: "favourite: neither target", method: "PUT", url: "/api/favourites", body: {} },
  {
    name: "favourite: an id beyond the column's range",
    method: "PUT",
    url: "/api/favourites",
    body: { contactRefId: 2147483648 },
  },
  {
    name: "contact: tagId beyond the column's range",
    method: "POST",
    url: "/api/contacts",
    body: { name: "X", tagId: 99999999999 },
  },
  {
    name: "user: id beyond the column's range",
    method: "PATCH",
    url: "/api/users/2147483648",
    body: { fullName: "X" },
  },
  { name: "contact: a NUL in the name", method: "POST", url: "/api/contacts", body: { name: "a\u0000b" } },
  {
    name: "contact: a lone surrogate in the notes",
    method: "POST",
    url: "/api/contacts",
    body: '{"name":"X","notes":"\\ud800"}',
  },
  {
    name: "login: a NUL in the username",
    method: "POST",
    url: "/api/auth/login",
    body: { username: "alice\u0000", password: "x" },
  },
  {
    name: "favourites order: ids as text",
    method: "PUT",
    url: "/api/favourites/order",
    body: { ids: ["a"] },
  },
];

describe("bad input gets a clear 400 and changes nothing", () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login("alice");
  });
  afterAll(() => t.close());

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        TABLES.map(async (table) => {
          const row = await t.services.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow();
          return [table, Number(row.n)] as const;
        }),
      ),
    );

  it.each(CASES)("$name", async ({ method, url, body }) => {
    const before = await counts();
    const response = await t.app.inject({
      method,
      url,
      headers: { cookie: admin, "content-type": "application/json" },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toMatch(/^(validation_failed|bad_request)$/);
    expect(error.message.length).toBeGreaterThan(5);
    expect(response.json().requestId).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["an id beyond the column's range", "/api/contacts/99999999999"],
    ["a query id beyond the column's range", "/api/contacts?tagId=99999999999"],
    ["a NUL in the search", "/api/contacts?q=a%00b"],
    ["a malformed percent-encoding in the path", "/api/tags/%ED%A0%80"],
  ])("GET with %s: 400", async (_name, url) => {
    const before = await counts();
    const response = await t.call(admin, "GET", url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: expect.objectContaining({ code: expect.stringMatching(/^(validation_failed|bad_request)$/) }),
      requestId: expect.any(String),
    });
    expect(await counts()).toEqual(before);
  });

  it("answers a plain GET of the WebSocket address with 426 in the error shape", async () => {
    const response = await t.call(admin, "GET", "/api/ws");
    expect(response.statusCode).toBe(426);
    expect(response.json().error.code).toBe("websocket_only");
  });

  it("names the failing field", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/contacts",
      headers: { cookie: admin },
      payload: { name: "X", email: "nope" },
    });
    expect(response.json().error.message).toMatch(/^email: /);
    expect(response.json().error.details.issues[0].field).toBe("email");
  });

  it("refuses a body over 1 MiB with 413 and a form body with 415", async () => {
    const big = await t.app.inject({
      method: "POST",
      url: "/api/contacts",
      headers: { cookie: admin, "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(1_100_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("payload_too_large");
    const form = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "username=alice&password=parley-demo",
    });
    expect(form.statusCode).toBe(415);
  });
});
