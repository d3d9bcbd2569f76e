import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { checkPassword, hashPassword } from "./password.js";

describe("passwords", () => {
  it("hashes with argon2id and verifies", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await checkPassword(stored, "correct horse battery")).toEqual({ ok: true, needsRehash: false });
    expect((await checkPassword(stored, "wrong")).ok).toBe(false);
  });

  it("accepts a legacy bcrypt hash and asks for a re-hash", async () => {
    const stored = bcrypt.hashSync("legacy-secret", 4);
    expect(await checkPassword(stored, "legacy-secret")).toEqual({ ok: true, needsRehash: true });
    expect(await checkPassword(stored, "nope")).toEqual({ ok: false, needsRehash: false });
  });

  it("accepts a legacy plain-text password once, never an empty one", async () => {
    expect(await checkPassword("plain-old", "plain-old")).toEqual({ ok: true, needsRehash: true });
    expect((await checkPassword("plain-old", "plain-ol")).ok).toBe(false);
    expect((await checkPassword("", "")).ok).toBe(false);
  });
});
