import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { SAMPLE_DUMP_PATH } from "../db/seed.js";
import { readDumpInserts } from "./sql-dump.js";

describe("readDumpInserts", () => {
  it("reads strings with escapes, numbers and NULL across several tuples", () => {
    const rows = readDumpInserts(
      "CREATE TABLE t (a int);\nINSERT INTO `t` (`a`, b, c) VALUES (1, 'it''s', NULL),\n (2, 'back\\\\slash \\'q\\' (x), y', -3.5);",
    );
    expect(rows.get("t")).toEqual([
      { a: 1, b: "it's", c: null },
      { a: 2, b: "back\\slash 'q' (x), y", c: -3.5 },
    ]);
  });

  it("rejects a row whose value count does not match the columns", () => {
    expect(() => readDumpInserts("INSERT INTO t (a, b) VALUES (1);")).toThrow(/1 values for 2 columns/);
  });

  it("rejects unterminated strings instead of guessing", () => {
    expect(() => readDumpInserts("INSERT INTO t (a) VALUES ('open);")).toThrow(/Unterminated/);
  });

  it("reads the shipped sample dump: 3 users, 6 tags, a few hundred contacts", async () => {
    const rows = readDumpInserts(await readFile(SAMPLE_DUMP_PATH, "utf8"));
    expect(rows.get("user_ref")?.map((user) => user.username)).toEqual(["alice", "bruno", "chen"]);
    expect(rows.get("user_ref")?.[0]?.role).toBe("admin");
    expect(rows.get("tag_ref")).toHaveLength(6);
    expect(rows.get("contact_ref")?.length).toBeGreaterThanOrEqual(300);
  });
});
