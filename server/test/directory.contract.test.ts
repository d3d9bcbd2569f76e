import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import bcrypt from "bcryptjs";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../src/db/errors.js";
import { SAMPLE_DUMP_PATH } from "../src/db/seed.js";
import { normalizeTypedPhone } from "../src/lib/phone.js";
import type { Directory, NewContact } from "../src/modules/directory/directory.js";
import { createMysqlDirectory } from "../src/modules/directory/directory.mysql.js";
import { createSqlDirectory } from "../src/modules/directory/directory.repo.js";
import { createTestApp, SAMPLE_PASSWORD, type TestApp } from "./support/app.js";
import { createTestDatabase } from "./support/database.js";

const MYSQL_URL = process.env.TEST_MYSQL_URL;
const REGION = "BR";

/** Letters only: digits in a search also match phone numbers. */
const unique = () => Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join("");
/** A valid Brazilian mobile number nobody else in the run has. */
const randomMobile = () =>
  `(11) 98${String(Math.floor(Math.random() * 1e3)).padStart(3, "0")}-${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}`;

function contact(fields: Partial<NewContact> & { name: string }): NewContact {
  const phone = fields.phone ?? null;
  return {
    company: null,
    email: null,
    tagId: null,
    notes: null,
    createdBy: null,
    ...fields,
    phone,
    phoneE164: normalizeTypedPhone(phone, REGION).e164,
  };
}

async function expectUniqueViolation(write: Promise<unknown>) {
  const error = await write.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, "expected a unique violation").not.toBeNull();
  expect(isUniqueViolation(error)).toBe(true);
}

/**
 * One contract for every place the directory can live. Each implementation starts from the sample
 * organisation (`db/data_feeds.sql`); tests add their own uniquely named rows, so their order
 * does not matter.
 */
function directoryContract(open: () => Promise<{ directory: Directory; close(): Promise<void> }>) {
  let d: Directory;
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const opened = await open();
    d = opened.directory;
    close = opened.close;
  });
  afterAll(() => close());

  describe("users", () => {
    it("finds users by username case-insensitively, and by id", async () => {
      const alice = await d.users.findByUsername("ALICE");
      expect(alice).toMatchObject({
        username: "alice",
        fullName: "Alice Moreira",
        role: "admin",
        disabled: false,
      });
      expect(alice?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(alice?.createdAt).toBeInstanceOf(Date);
      expect(await d.users.findById(alice?.id ?? 0)).toEqual(alice);
      expect(await d.users.findByUsername("nobody-here")).toBeNull();
      expect(await d.users.findById(999_999)).toBeNull();
      expect(await d.ping()).toBe(true);
    });

    it("creates users and refuses a username that differs only in case", async () => {
      const username = `user_${unique()}`;
      const before = await d.users.count();
      const user = await d.users.create({
        username,
        passwordHash: "$argon2id$x",
        fullName: "New Person",
        email: null,
        role: "agent",
      });
      expect(user).toMatchObject({
        username,
        fullName: "New Person",
        role: "agent",
        disabled: false,
        lastLoginAt: null,
      });
      expect(await d.users.count()).toBe(before + 1);
      expect((await d.users.list()).map((u) => u.username)).toContain(username);
      await expectUniqueViolation(
        d.users.create({
          username: username.toUpperCase(),
          passwordHash: "x",
          fullName: "Twin",
          email: null,
          role: "agent",
        }),
      );
    });

    it("updates, disables and records sign-ins", async () => {
      const user = await d.users.create({
        username: `user_${unique()}`,
        passwordHash: "old",
        fullName: "Before",
        email: null,
        role: "agent",
      });
      const updated = await d.users.update(user.id, {
        fullName: "After",
        email: "after@example.com",
        role: "admin",
        passwordHash: "new",
      });
      expect(updated).toMatchObject({
        fullName: "After",
        email: "after@example.com",
        role: "admin",
        passwordHash: "new",
      });
      expect((await d.users.update(user.id, { disabled: true }))?.disabled).toBe(true);
      expect((await d.users.update(user.id, { disabled: false }))?.disabled).toBe(false);
      expect(await d.users.update(999_999, { fullName: "Ghost" })).toBeNull();

      const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
      await d.users.recordLogin(user.id, at);
      expect((await d.users.findById(user.id))?.lastLoginAt?.toISOString()).toBe(at.toISOString());
    });

    it("lists users by username", async () => {
      const names = (await d.users.list()).map((u) => u.username);
      expect(names).toEqual(expect.arrayContaining(["alice", "bruno", "chen"]));
      expect(names).toEqual([...names].sort());
    });
  });

  describe("tags", () => {
    it("lists tags by name with how many contacts carry each", async () => {
      const tags = await d.tags.list();
      expect(tags.map((t) => t.name)).toEqual(expect.arrayContaining(["Customer", "VIP", "Do not contact"]));
      const lowered = tags.map((t) => t.name.toLowerCase());
      expect(lowered).toEqual([...lowered].sort());
      for (const tag of tags) {
        const { total } = await d.contacts.search({ tagId: tag.id, sort: "name", offset: 0, limit: 1 });
        expect(tag.contactCount, tag.name).toBe(total);
      }
      expect(await d.tags.count()).toBe(tags.length);
    });

    it("creates, renames and recolours; names are unique whatever their case", async () => {
      const name = `Tag ${unique()}`;
      const tag = await d.tags.create({ name, color: "#123456" });
      expect(tag).toEqual({ id: expect.any(Number), name, color: "#123456" });
      expect(await d.tags.findById(tag.id)).toEqual(tag);
      await expectUniqueViolation(d.tags.create({ name, color: "#000000" }));
      await expectUniqueViolation(d.tags.create({ name: name.toUpperCase(), color: "#000000" }));

      const renamed = await d.tags.update(tag.id, { name: `${name} renamed`, color: "#abcdef" });
      expect(renamed).toEqual({ id: tag.id, name: `${name} renamed`, color: "#abcdef" });
      await expectUniqueViolation(d.tags.update(tag.id, { name: "Customer" }));
      expect(await d.tags.update(999_999, { name: "Nothing" })).toBeNull();
      expect(await d.tags.findById(999_999)).toBeNull();
    });

    it("removing a tag leaves its contacts untagged", async () => {
      const tag = await d.tags.create({ name: `Doomed ${unique()}`, color: "#000000" });
      const tagged = await d.contacts.create(contact({ name: `Tagged ${unique()}`, tagId: tag.id }));
      expect((await d.tags.list()).find((t) => t.id === tag.id)?.contactCount).toBe(1);
      expect(await d.tags.remove(tag.id)).toBe(true);
      expect(await d.tags.remove(tag.id)).toBe(false);
      expect((await d.contacts.findById(tagged.id))?.tagId).toBeNull();
    });
  });

  describe("contacts", () => {
    it("creates a contact and reads every field back, with the phone in E.164", async () => {
      const name = `Créated ${unique()}`;
      const phone = randomMobile();
      const created = await d.contacts.create(
        contact({
          name,
          company: "Acme",
          email: "c@example.com",
          phone,
          tagId: 1,
          notes: "line 1\nline 2",
          createdBy: 1,
        }),
      );
      expect(created).toMatchObject({
        name,
        company: "Acme",
        email: "c@example.com",
        phone,
        phoneE164: normalizeTypedPhone(phone, REGION).e164,
        tagId: 1,
        notes: "line 1\nline 2",
        createdBy: 1,
      });
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(created.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(await d.contacts.findById(created.id)).toEqual(created);
      expect(await d.contacts.findById(999_999)).toBeNull();
    });

    it("searches name, company and email case-insensitively, and phones by digits", async () => {
      const token = unique();
      const byName = await d.contacts.create(contact({ name: `Zoë ${token}` }));
      const byCompany = await d.contacts.create(contact({ name: "Someone", company: `Firm ${token} Ltd` }));
      const byEmail = await d.contacts.create(contact({ name: "Other", email: `x.${token}@example.com` }));
      const result = await d.contacts.search({ q: token.toUpperCase(), sort: "name", offset: 0, limit: 50 });
      expect(result.items.map((c) => c.id).sort((a, b) => a - b)).toEqual([
        byName.id,
        byCompany.id,
        byEmail.id,
      ]);
      expect(result.total).toBe(3);

      // The sample's "(021) 96986-3660" is +5521969863660: digits match the E.164 form too.
      const byDigits = await d.contacts.search({ q: "+55 21 96986", sort: "name", offset: 0, limit: 50 });
      expect(byDigits.items.map((c) => c.name)).toContain("Bruna Barbosa");
      const byTyped = await d.contacts.search({ q: "(021) 96986", sort: "name", offset: 0, limit: 50 });
      expect(byTyped.items.map((c) => c.name)).toContain("Bruna Barbosa");
    });

    it("treats LIKE wildcards in a search as text", async () => {
      const token = unique();
      const percent = await d.contacts.create(contact({ name: `${token} xy% off` }));
      await d.contacts.create(contact({ name: `${token} xyz off` }));
      const underscore = await d.contacts.create(contact({ name: `${token}_a` }));
      await d.contacts.create(contact({ name: `${token}xa` }));
      const backslash = await d.contacts.create(contact({ name: `${token} a\\b` }));
      const search = (q: string) => d.contacts.search({ q, sort: "name", offset: 0, limit: 10 });
      expect((await search(`${token} xy%`)).items.map((c) => c.id)).toEqual([percent.id]);
      expect((await search(`${token}_a`)).items.map((c) => c.id)).toEqual([underscore.id]);
      expect((await search(`${token} a\\b`)).items.map((c) => c.id)).toEqual([backslash.id]);
      expect((await search(`${token}!`)).total).toBe(0);
    });

    it("filters by tag, sorts both ways with empty values last, and pages", async () => {
      const token = unique();
      const tag = await d.tags.create({ name: `Sort ${token}`, color: "#000000" });
      const make = (name: string, company: string | null) =>
        d.contacts.create(contact({ name: `${token} ${name}`, company, tagId: tag.id }));
      const bravo = await make("Bravo", "beta");
      const alpha = await make("alpha", null);
      const charlie = await make("Charlie", "Alpha");
      await d.contacts.create(contact({ name: `${token} untagged` }));

      const ids = async (sort: Parameters<Directory["contacts"]["search"]>[0]["sort"]) =>
        (await d.contacts.search({ q: token, tagId: tag.id, sort, offset: 0, limit: 10 })).items.map(
          (c) => c.id,
        );
      expect(await ids("name")).toEqual([alpha.id, bravo.id, charlie.id]);
      expect(await ids("-name")).toEqual([charlie.id, bravo.id, alpha.id]);
      expect(await ids("company")).toEqual([charlie.id, bravo.id, alpha.id]);
      expect(await ids("-company")).toEqual([bravo.id, charlie.id, alpha.id]);

      await new Promise((resolve) => setTimeout(resolve, 5));
      await d.contacts.update(alpha.id, { notes: "touched" });
      expect((await ids("-updatedAt"))[0]).toBe(alpha.id);
      expect((await ids("updatedAt")).at(-1)).toBe(alpha.id);

      const page = await d.contacts.search({ q: token, tagId: tag.id, sort: "name", offset: 1, limit: 1 });
      expect(page).toMatchObject({ total: 3, items: [{ id: bravo.id }] });
      const all = await d.contacts.search({ sort: "name", offset: 0, limit: 5 });
      expect(all.items).toHaveLength(5);
      expect(all.total).toBe(await d.contacts.count());
    });

    it("finds contacts by E.164 phone, however the phone was typed", async () => {
      const phone = randomMobile();
      const e164 = normalizeTypedPhone(phone, REGION).e164 as string;
      const first = await d.contacts.create(contact({ name: `Phone ${unique()}`, phone }));
      const second = await d.contacts.create(
        contact({ name: `Phone ${unique()}`, phone: `+55 ${phone.replace(/\D/g, " ")}` }),
      );
      expect((await d.contacts.findByPhoneE164(e164)).map((c) => c.id)).toEqual([first.id, second.id]);
      expect(await d.contacts.findByPhoneE164("+5511900000000")).toEqual([]);
      const phones = await d.contacts.listPhones();
      expect(phones).toContainEqual({ id: first.id, phoneE164: e164 });
      expect(phones.every((p) => p.phoneE164.startsWith("+"))).toBe(true);
    });

    it("creates many contacts at once, findable by phone straight away", async () => {
      const token = unique();
      const phones = Array.from({ length: 3 }, randomMobile);
      const inserted = await d.contacts.createMany(
        phones.map((phone, i) => contact({ name: `Bulk ${token} ${i}`, phone, tagId: 2 })),
      );
      expect(inserted).toBe(3);
      expect(await d.contacts.createMany([])).toBe(0);
      expect(
        (await d.contacts.search({ q: `Bulk ${token}`, sort: "name", offset: 0, limit: 10 })).total,
      ).toBe(3);
      const found = await d.contacts.findByPhoneE164(normalizeTypedPhone(phones[1], REGION).e164 as string);
      expect(found.map((c) => c.name)).toEqual([`Bulk ${token} 1`]);
    });

    it("updates a contact, its phone index included, and removes it", async () => {
      const oldPhone = randomMobile();
      const newPhone = randomMobile();
      const created = await d.contacts.create(
        contact({ name: `Edit ${unique()}`, phone: oldPhone, company: "Old" }),
      );
      const newE164 = normalizeTypedPhone(newPhone, REGION).e164;
      const updated = await d.contacts.update(created.id, {
        phone: newPhone,
        phoneE164: newE164,
        company: null,
        tagId: 3,
      });
      expect(updated).toMatchObject({
        id: created.id,
        phone: newPhone,
        phoneE164: newE164,
        company: null,
        tagId: 3,
      });
      expect(updated?.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      expect(await d.contacts.findByPhoneE164(normalizeTypedPhone(oldPhone, REGION).e164 as string)).toEqual(
        [],
      );
      expect((await d.contacts.findByPhoneE164(newE164 as string)).map((c) => c.id)).toEqual([created.id]);
      expect(await d.contacts.update(999_999, { name: "Ghost" })).toBeNull();

      expect(await d.contacts.remove(created.id)).toBe(true);
      expect(await d.contacts.remove(created.id)).toBe(false);
      expect(await d.contacts.findById(created.id)).toBeNull();
      expect(await d.contacts.findByPhoneE164(newE164 as string)).toEqual([]);
    });
  });
}

describe("directory contract on Parley's database (PGlite, or PostgreSQL with TEST_DATABASE_URL)", () => {
  directoryContract(async () => {
    const database = await createTestDatabase();
    return { directory: createSqlDirectory(database.db), close: () => database.close() };
  });
});

// --- MariaDB / MySQL --------------------------------------------------------------------------------

/** A database of its own on the MariaDB server, loaded from `db/data_feeds.sql`, dropped by `drop()`. */
async function createMysqlTestDatabase(serverUrl: string) {
  const name = `parley_test_${unique()}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = await mysql.createConnection({ uri: serverUrl, multipleStatements: true });
  try {
    await admin.query(`create database \`${name}\` character set utf8mb4`);
    await admin.query(`use \`${name}\``);
    await admin.query(await readFile(SAMPLE_DUMP_PATH, "utf8"));
  } finally {
    await admin.end();
  }
  return {
    url: url.toString(),
    async query(statement: string, values: unknown[] = []) {
      const connection = await mysql.createConnection({ uri: url.toString(), timezone: "Z" });
      try {
        const [rows] = await connection.query(statement, values);
        return rows as Array<Record<string, unknown>>;
      } finally {
        await connection.end();
      }
    },
    async drop() {
      const connection = await mysql.createConnection({ uri: serverUrl });
      try {
        await connection.query(`drop database if exists \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}

const mariadb = MYSQL_URL
  ? "on MariaDB/MySQL (TEST_MYSQL_URL)"
  : "on MariaDB/MySQL — skipped: set TEST_MYSQL_URL, e.g. mysql://root@127.0.0.1:3306";

describe.skipIf(!MYSQL_URL)(`directory contract ${mariadb}`, () => {
  directoryContract(async () => {
    const database = await createMysqlTestDatabase(MYSQL_URL as string);
    const directory = createMysqlDirectory({ url: database.url, phoneDefaultRegion: REGION });
    await directory.checkSchema();
    return {
      directory,
      close: async () => {
        await directory.close();
        await database.drop();
      },
    };
  });
});

describe.skipIf(!MYSQL_URL)(`the MySQL directory ${mariadb}`, () => {
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL as string);
  });
  afterAll(() => database?.drop());

  it("sees phones another system writes, at the next rescan", async () => {
    const directory = createMysqlDirectory({
      url: database.url,
      phoneDefaultRegion: REGION,
      phoneIndexMaxAgeMs: 0,
    });
    try {
      const phone = randomMobile();
      const e164 = normalizeTypedPhone(phone, REGION).e164 as string;
      expect(await directory.contacts.findByPhoneE164(e164)).toEqual([]);
      await database.query("insert into contact_ref (name, phone) values (?, ?)", [
        "Written elsewhere",
        phone,
      ]);
      expect((await directory.contacts.findByPhoneE164(e164)).map((c) => c.name)).toEqual([
        "Written elsewhere",
      ]);
      await database.query("update contact_ref set phone = null where name = ?", ["Written elsewhere"]);
      expect(await directory.contacts.findByPhoneE164(e164)).toEqual([]);
    } finally {
      await directory.close();
    }
  });

  it("refuses to start on a schema missing a mapped column, naming it", async () => {
    const directory = createMysqlDirectory({
      url: database.url,
      phoneDefaultRegion: REGION,
      columns: {
        ...(await import("../src/modules/directory/directory.columns.js")).DATA_FEEDS_COLUMNS,
        tags: { table: "tag_ref", id: "id", name: "label", color: "color", updatedAt: null },
      },
    });
    try {
      await expect(directory.checkSchema()).rejects.toThrow(/tag_ref\.label/);
    } finally {
      await directory.close();
    }
  });

  describe("a Parley server with DATA_FEEDS_URL", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ DATA_FEEDS_URL: database.url });
    });
    afterAll(() => t?.close());

    it("uses the MySQL directory: signs alice in and reports it ready", async () => {
      expect(t.services.directory.kind).toBe("mysql");
      expect(t.parley.seeded.kind).toBe("none");
      await t.login("alice", SAMPLE_PASSWORD);
      const ready = await t.app.inject({ url: "/api/ready" });
      expect(ready.json()).toMatchObject({ status: "ready", checks: { database: "ok", directory: "ok" } });
      const [row] = await database.query("select count(*) as n from user_ref");
      expect(Number(row?.n)).toBe(3);
    });

    it("imports a CSV into MySQL; a second run finds every row already there", async () => {
      const csv = "name;phone;tag\nImported Mysql;(11) 97300-0001;vip\nImported Twin;+55 11 97300-0001;\n";
      const first = await t.services.contactImport.commit({ id: 1 }, csv, {
        createTags: false,
        source: "api",
      });
      expect(first).toMatchObject({ inserted: 1, counts: { create: 1, duplicate: 1, error: 0 } });
      const [row] = await database.query("select phone, tag_id from contact_ref where name = ?", [
        "Imported Mysql",
      ]);
      expect(row).toEqual({ phone: "(11) 97300-0001", tag_id: 4 });
      const again = await t.services.contactImport.preview(csv, { createTags: false });
      expect(again.counts).toMatchObject({ create: 0, duplicate: 2 });
    });

    it.each([
      ["plain text", async (password: string) => password],
      ["bcrypt", async (password: string) => bcrypt.hash(password, 4)],
    ])("accepts a legacy %s password once and re-hashes it to argon2id in MySQL", async (_kind, legacy) => {
      const username = `legacy_${unique()}`;
      const password = "old-secret-123";
      await database.query(
        "insert into user_ref (username, password_hash, full_name, role) values (?, ?, 'Legacy User', 'agent')",
        [username, await legacy(password)],
      );
      await t.login(username, password);
      const [row] = await database.query("select password_hash from user_ref where username = ?", [username]);
      expect(String(row?.password_hash)).toMatch(/^\$argon2id\$/);
      await t.login(username, password);
      const wrong = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username, password: "not-the-password" },
      });
      expect(wrong.statusCode).toBe(401);
    });
  });
});
