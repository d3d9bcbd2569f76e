import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatImportReport } from "../src/modules/contacts/import/import.report.js";
import { createTestApp, type TestApp } from "./support/app.js";

/** The sample book has "(021) 96986-3660" (Bruna Barbosa) = +5521969863660. */
const BOOK_PHONE = "+55 21 96986-3660";

describe("CSV contact import", () => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login("alice");
    agent = await t.login("bruno");
  });
  afterAll(() => t.close());

  const importer = () => t.services.contactImport;
  const contactCount = () => t.services.directory.contacts.count();
  const auditCount = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom("audit_log")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("action", "=", "contacts.imported")
          .executeTakeFirstOrThrow()
      ).n,
    );
  const findByName = async (name: string) =>
    (await t.services.directory.contacts.search({ q: name, sort: "name", offset: 0, limit: 5 })).items;

  describe("preview", () => {
    it("maps headers in any case and language, reports ignored columns, and writes nothing", async () => {
      const before = await contactCount();
      const audits = await auditCount();
      const preview = await importer().preview(
        "Nome;EMPRESA;E-mail;Celular;Tag;Birthday\nPreview Only;Acme;p@example.com;(11) 97000-0001;vip;1990\n",
        { createTags: false },
      );
      expect(preview.delimiter).toBe(";");
      expect(preview.columns).toEqual({
        name: "Nome",
        company: "EMPRESA",
        email: "E-mail",
        phone: "Celular",
        tag: "Tag",
      });
      expect(preview.ignoredColumns).toEqual(["Birthday"]);
      expect(preview.rows).toEqual([
        {
          line: 2,
          status: "create",
          errors: [],
          contact: {
            name: "Preview Only",
            company: "Acme",
            email: "p@example.com",
            phone: "(11) 97000-0001",
            phoneE164: "+5511970000001",
            tag: "VIP",
            notes: null,
          },
        },
      ]);
      expect(preview.counts).toEqual({ total: 1, create: 1, duplicate: 0, error: 0 });
      expect(await contactCount()).toBe(before);
      expect(await auditCount()).toBe(audits);
    });

    it("reports every problem of a row, per row", async () => {
      const csv = [
        "name,email,phone,tag",
        ",a@example.com,,",
        "Bad Email,not-an-email,,",
        "Bad Phone,,12345,",
        "Unknown Tag,,,Platinum",
        `${"x".repeat(161)},,,`,
        "All Wrong,@,abc,Nope",
      ].join("\n");
      const { rows, unknownTags, counts } = await importer().preview(csv, { createTags: false });
      expect(rows.map((row) => [row.line, row.status, row.errors])).toEqual([
        [2, "error", ["name: is required"]],
        [3, "error", ["email: is not a valid email address"]],
        [4, "error", ["phone: not a valid phone number"]],
        [5, "error", ['tag: no tag named "Platinum"']],
        [6, "error", ["name: is longer than 160 characters"]],
        [
          7,
          "error",
          [
            "email: is not a valid email address",
            "phone: not a valid phone number",
            'tag: no tag named "Nope"',
          ],
        ],
      ]);
      expect(unknownTags).toEqual(["Platinum", "Nope"]);
      expect(counts).toEqual({ total: 6, create: 0, duplicate: 0, error: 6 });
    });

    it("marks duplicates by E.164, against the contact book and earlier rows of the file", async () => {
      const csv = [
        "name,phone",
        "First,(11) 97000-0002",
        "Same Number,+55 11 97000-0002",
        `In The Book,${BOOK_PHONE}`,
        "No Phone,",
        "No Phone Either,",
      ].join("\r\n");
      const { rows } = await importer().preview(csv, { createTags: false });
      expect(rows.map((row) => [row.contact.name, row.status, row.errors])).toEqual([
        ["First", "create", []],
        ["Same Number", "duplicate", ["phone: same number as line 2"]],
        [
          "In The Book",
          "duplicate",
          [expect.stringMatching(/^phone: already in the contact book \(contact \d+\)$/)],
        ],
        ["No Phone", "create", []],
        ["No Phone Either", "create", []],
      ]);
    });

    it("refuses a file without a name column, an empty file and broken quoting", async () => {
      await expect(importer().preview("company,phone\nAcme,1\n", { createTags: false })).rejects.toThrow(
        /"name" column/,
      );
      await expect(importer().preview("", { createTags: false })).rejects.toThrow(/empty/);
      await expect(importer().preview('name\n"open', { createTags: false })).rejects.toThrow(/line 2/);
    });
  });

  describe("commit", () => {
    it("inserts exactly the rows marked create, in batches, with one audit entry", async () => {
      const before = await contactCount();
      const audits = await auditCount();
      const rows = Array.from(
        { length: 1203 },
        (_, i) =>
          `Bulk Import ${String(i).padStart(4, "0")},(11) 971${String(i).padStart(2, "0").slice(-2)}-${String(1000 + i).slice(-4)},customer`,
      );
      const csv = [
        "name,phone,tag",
        ...rows,
        "Bulk Broken,123,",
        `Bulk Dup,${BOOK_PHONE},`,
        "Bulk Import 0000 again,(11) 97100-1000,",
      ].join("\n");
      const result = await importer().commit({ id: 1 }, csv, { createTags: false, source: "api" });
      expect(result.counts).toEqual({ total: 1206, create: 1203, duplicate: 2, error: 1 });
      expect(result.inserted).toBe(1203);
      expect(await contactCount()).toBe(before + 1203);
      expect(await auditCount()).toBe(audits + 1);
      const [first] = await t.services.directory.contacts.findByPhoneE164("+5511971001000");
      const customer = (await t.services.directory.tags.list()).find((tag) => tag.name === "Customer");
      expect(first).toMatchObject({ name: "Bulk Import 0000", tagId: customer?.id, createdBy: 1 });
      expect(await findByName("Bulk Broken")).toEqual([]);
      expect(await findByName("Bulk Dup")).toEqual([]);

      // Importing the same file again adds nothing: every row is now a duplicate of the book.
      const again = await importer().commit({ id: 1 }, csv, { createTags: false, source: "api" });
      expect(again.counts).toEqual({ total: 1206, create: 0, duplicate: 1205, error: 1 });
      expect(again.inserted).toBe(0);
    });

    it("creates unknown tags only when asked", async () => {
      const csv = "name,tag\nTagged Import,Wholesale Partners\n";
      const without = await importer().commit({ id: 1 }, csv, { createTags: false, source: "api" });
      expect(without.inserted).toBe(0);
      const withTags = await importer().commit({ id: 1 }, csv, { createTags: true, source: "api" });
      expect(withTags).toMatchObject({ inserted: 1, createdTags: ["Wholesale Partners"] });
      const tag = (await t.services.directory.tags.list()).find(
        (candidate) => candidate.name === "Wholesale Partners",
      );
      expect((await findByName("Tagged Import"))[0]?.tagId).toBe(tag?.id);
    });

    it("prints a per-row report for the command line", async () => {
      const preview = await importer().preview(`name,phone\nReport Row,(11) 97000-0003\nBad,12\n`, {
        createTags: false,
      });
      const report = formatImportReport(preview, true);
      expect(report).toContain("line 2      create    Report Row  +5511970000003");
      expect(report).toContain("line 3      error     Bad  12  — phone: not a valid phone number");
      expect(report).toMatch(/2 rows: 1 new, 0 duplicates \(skipped\), 1 with errors \(skipped\); dry run/);
    });
  });

  describe("POST /api/contacts/import", () => {
    const post = (cookie: string | null, url: string, payload: string | object, contentType = "text/csv") =>
      t.app.inject({
        method: "POST",
        url,
        headers: { ...(cookie ? { cookie } : {}), "content-type": contentType },
        payload,
      });

    it("needs a signed-in user", async () => {
      expect((await post(null, "/api/contacts/import", "name\nX\n")).statusCode).toBe(401);
    });

    it("previews by default and commits with dryRun=false", async () => {
      const csv = "name,phone\nApi Import,(11) 97000-0004\nApi Broken,1\n";
      const before = await contactCount();
      const preview = await post(agent, "/api/contacts/import", csv, "text/csv; charset=utf-8");
      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toMatchObject({ dryRun: true, counts: { create: 1, error: 1 } });
      expect(await contactCount()).toBe(before);

      const committed = await post(agent, "/api/contacts/import?dryRun=false", csv);
      expect(committed.statusCode).toBe(200);
      expect(committed.json()).toMatchObject({ dryRun: false, inserted: 1, counts: { create: 1, error: 1 } });
      expect(committed.json().rows[1]).toMatchObject({ line: 3, status: "error" });
      expect(await contactCount()).toBe(before + 1);
    });

    it("lets only administrators create tags", async () => {
      const csv = "name,tag\nNew Tag Row,Brand New Tag\n";
      const response = await post(agent, "/api/contacts/import?createTags=true", csv);
      expect(response.statusCode).toBe(403);
      expect((await post(admin, "/api/contacts/import?createTags=true", csv)).statusCode).toBe(200);
    });

    it("answers 400 for bad files and bad flags", async () => {
      const noName = await post(agent, "/api/contacts/import", "phone\n1\n");
      expect(noName.statusCode).toBe(400);
      expect(noName.json().error.code).toBe("validation_failed");
      expect((await post(agent, "/api/contacts/import?dryRun=maybe", "name\nX\n")).statusCode).toBe(400);
    });

    it("accepts only text/csv here, and only JSON elsewhere", async () => {
      const json = await post(agent, "/api/contacts/import", { name: "X" }, "application/json");
      expect(json.statusCode).toBe(415);
      expect(json.json().error.code).toBe("unsupported_media_type");
      const csvElsewhere = await post(agent, "/api/contacts", "name\nX\n");
      expect(csvElsewhere.statusCode).toBe(415);
    });

    it("refuses files over 5 MB with 413", async () => {
      const big = `name\n${"A long contact name here\n".repeat(Math.ceil((5 * 1024 * 1024) / 24) + 10)}`;
      const response = await post(agent, "/api/contacts/import", big);
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe("payload_too_large");
    });
  });
});
