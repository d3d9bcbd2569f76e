import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.js";

describe("tags and the contact book", () => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login("alice");
    agent = await t.login("bruno");
  });
  afterAll(() => t.close());

  describe("tags", () => {
    it("lists the sample tags with contact counts to any signed-in user", async () => {
      const response = await t.call(agent, "GET", "/api/tags");
      const tags = response.json().tags as Array<{ name: string; contactCount: number }>;
      expect(tags.map((tag) => tag.name)).toContain("VIP");
      const total = tags.reduce((sum, tag) => sum + tag.contactCount, 0);
      const tagged = await t.services.database.db
        .selectFrom("contact_ref")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("tag_id", "is not", null)
        .executeTakeFirstOrThrow();
      expect(total).toBe(Number(tagged.n));
    });

    it("lets admins create, rename and delete; refuses duplicates and agents", async () => {
      const created = await t.call(admin, "POST", "/api/tags", { name: "Wholesale", color: "#13C2C2" });
      expect(created.statusCode).toBe(201);
      expect(created.json().tag).toMatchObject({ name: "Wholesale", color: "#13c2c2" });
      const id = created.json().tag.id;
      expect(
        (await t.call(admin, "POST", "/api/tags", { name: "wholesale", color: "#000000" })).json().error.code,
      ).toBe("tag_exists");
      expect(
        (await t.call(agent, "POST", "/api/tags", { name: "Agents", color: "#000000" })).statusCode,
      ).toBe(403);
      expect((await t.call(admin, "PATCH", `/api/tags/${id}`, { name: "Retail" })).json().tag.name).toBe(
        "Retail",
      );
      expect((await t.call(admin, "DELETE", `/api/tags/${id}`)).statusCode).toBe(204);
      expect((await t.call(admin, "DELETE", `/api/tags/${id}`)).statusCode).toBe(404);
    });

    it("deleting a tag leaves its contacts untagged, not deleted", async () => {
      const tag = (await t.call(admin, "POST", "/api/tags", { name: "Temporary", color: "#aabbcc" })).json()
        .tag;
      const contact = (
        await t.call(agent, "POST", "/api/contacts", { name: "Tagged Person", tagId: tag.id })
      ).json().contact;
      await t.call(admin, "DELETE", `/api/tags/${tag.id}`);
      const after = await t.call(agent, "GET", `/api/contacts/${contact.id}`);
      expect(after.json().contact.tagId).toBeNull();
    });
  });

  describe("contacts", () => {
    it("searches by name, company, email and phone digits, with paging", async () => {
      const page = (await t.call(agent, "GET", "/api/contacts?pageSize=5&page=2&sort=name")).json();
      expect(page.items).toHaveLength(5);
      expect(page.total).toBeGreaterThanOrEqual(300);
      const silva = (await t.call(agent, "GET", "/api/contacts?q=SILVA&pageSize=200")).json();
      expect(silva.total).toBeGreaterThan(0);
      expect(
        silva.items.every((c: { name: string; company: string | null; email: string | null }) =>
          /silva/i.test(`${c.name} ${c.company} ${c.email}`),
        ),
      ).toBe(true);
      const withPhone = silva.items.find((c: { phoneE164: string | null }) => c.phoneE164);
      const digits = withPhone.phoneE164.slice(-8);
      const byPhone = (await t.call(agent, "GET", `/api/contacts?q=${digits}`)).json();
      expect(byPhone.items.map((c: { id: number }) => c.id)).toContain(withPhone.id);
    });

    it("filters by tag and sorts both ways", async () => {
      const vip = (await t.call(agent, "GET", "/api/tags"))
        .json()
        .tags.find((tag: { name: string }) => tag.name === "VIP");
      const list = (await t.call(agent, "GET", `/api/contacts?tagId=${vip.id}&pageSize=200`)).json();
      expect(list.total).toBe(vip.contactCount);
      expect(list.items.every((c: { tagId: number }) => c.tagId === vip.id)).toBe(true);
      const asc = (await t.call(agent, "GET", "/api/contacts?sort=name&pageSize=3"))
        .json()
        .items.map((c: { name: string }) => c.name);
      const desc = (await t.call(agent, "GET", "/api/contacts?sort=-name&pageSize=3"))
        .json()
        .items.map((c: { name: string }) => c.name);
      expect(asc[0].localeCompare(desc[0])).toBeLessThan(0);
    });

    it("treats LIKE wildcards in a search as text", async () => {
      const response = (await t.call(agent, "GET", "/api/contacts?q=%25%25%25")).json();
      expect(response.total).toBe(0);
    });

    it("creates a contact with its phone normalised to E.164, edits and deletes it", async () => {
      const created = await t.call(agent, "POST", "/api/contacts", {
        name: "  Zoe Park ",
        phone: "+44 7911 123456",
        email: "",
        company: "Park Ltd",
      });
      expect(created.statusCode).toBe(201);
      const contact = created.json().contact;
      expect(contact).toMatchObject({
        name: "Zoe Park",
        phone: "+44 7911 123456",
        phoneE164: "+447911123456",
        email: null,
      });
      const edited = await t.call(agent, "PATCH", `/api/contacts/${contact.id}`, {
        phone: "(11) 98765-4321",
      });
      expect(edited.json().contact.phoneE164).toBe("+5511987654321");
      expect((await t.call(agent, "DELETE", `/api/contacts/${contact.id}`)).statusCode).toBe(204);
      expect((await t.call(agent, "GET", `/api/contacts/${contact.id}`)).statusCode).toBe(404);
    });

    it("refuses a phone another contact already has, naming that contact", async () => {
      const first = (
        await t.call(agent, "POST", "/api/contacts", { name: "First Holder", phone: "+55 21 99876-1234" })
      ).json().contact;
      const clash = await t.call(agent, "POST", "/api/contacts", {
        name: "Second",
        phone: "(021) 99876-1234",
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().error).toMatchObject({
        code: "duplicate_phone",
        details: { contactId: first.id, name: "First Holder" },
      });
    });

    it("refuses an invalid phone and an unknown tag with a 400 naming the field", async () => {
      const badPhone = await t.call(agent, "POST", "/api/contacts", { name: "X", phone: "12" });
      expect(badPhone.statusCode).toBe(400);
      expect(badPhone.json().error.message).toMatch(/^phone:/);
      const badTag = await t.call(agent, "POST", "/api/contacts", { name: "X", tagId: 99999 });
      expect(badTag.json().error.message).toMatch(/^tagId:/);
    });

    it("checks a phone as it is typed: validity, E.164 and who already has it", async () => {
      const holder = (
        await t.call(agent, "POST", "/api/contacts", { name: "Phone Holder", phone: "+55 21 99111-2233" })
      ).json().contact;
      const check = (phone: string, exceptId?: number) =>
        t.call(
          agent,
          "GET",
          `/api/contacts/phone-check?phone=${encodeURIComponent(phone)}${exceptId ? `&exceptId=${exceptId}` : ""}`,
        );
      expect((await check("(21) 99111-2233")).json()).toEqual({
        valid: true,
        e164: "+5521991112233",
        duplicate: { contactId: holder.id, name: "Phone Holder" },
      });
      expect((await check("(21) 99111-2233", holder.id)).json().duplicate).toBeNull();
      expect((await check("12")).json()).toEqual({ valid: false, e164: null, duplicate: null });
      expect((await t.app.inject({ url: "/api/contacts/phone-check?phone=1" })).statusCode).toBe(401);
    });

    it("records contact changes in the audit log", async () => {
      const actions = (await t.services.database.db.selectFrom("audit_log").select("action").execute()).map(
        (row) => row.action,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          "contact.created",
          "contact.updated",
          "contact.deleted",
          "tag.created",
          "tag.deleted",
        ]),
      );
    });
  });
});
