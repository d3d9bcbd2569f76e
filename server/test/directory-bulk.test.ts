import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cappedCount } from "../src/db/capped-count.js";
import type { DatabaseHandle } from "../src/db/database.js";
import { createSqlDirectory } from "../src/modules/directory/directory.repo.js";
import { createTestDatabase } from "./support/database.js";

describe("bulk contact inserts", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("inserts more contacts than one statement's bind parameters allow", async () => {
    const directory = createSqlDirectory(database.db);
    const before = await directory.contacts.count();
    const contacts = Array.from({ length: 8_000 }, (_, i) => ({
      name: `Bulk ${i}`,
      company: "Bulk Ltd",
      email: null,
      phone: `+44 7911 ${String(100_000 + i)}`,
      phoneE164: `+447911${100_000 + i}`,
      tagId: null,
      notes: null,
      createdBy: null,
    }));
    expect(await directory.contacts.createMany(contacts)).toBe(8_000);
    expect(await directory.contacts.count()).toBe(before + 8_000);
    expect((await directory.contacts.findByPhoneE164("+447911107999"))[0]?.name).toBe("Bulk 7999");
  });

  it("counts a list's matches exactly up to the cap, then says there are more", async () => {
    const bulk = database.db.selectFrom("contact_ref").selectAll().where("company", "=", "Bulk Ltd");
    expect(await cappedCount(database.db, bulk)).toEqual({ total: 8_000, totalIsCapped: false });
    expect(await cappedCount(database.db, bulk, 7_999)).toEqual({ total: 7_999, totalIsCapped: true });
    expect(await cappedCount(database.db, bulk, 8_000)).toEqual({ total: 8_000, totalIsCapped: false });
  });
});
