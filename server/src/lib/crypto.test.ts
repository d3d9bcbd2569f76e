import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  deriveKey,
  encryptSecret,
  hmacSha256Hex,
  randomToken,
  timingSafeEqualHex,
} from "./crypto.js";

const key = randomBytes(32);

/** Flips one bit of the byte at `index` inside one base64url part of a blob. */
function tamper(blob: string, partIndex: number, index = 0): string {
  const parts = blob.split(".");
  const bytes = Buffer.from(parts[partIndex] ?? "", "base64url");
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  parts[partIndex] = bytes.toString("base64url");
  return parts.join(".");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips text, including empty and non-ASCII", () => {
    for (const plain of ["wuzapi-token-123", "", "ação ✓ 🔐", "x".repeat(10_000)]) {
      expect(decryptSecret(encryptSecret(plain, key), key)).toBe(plain);
    }
  });

  it("produces the v1 compact format with a 12-byte IV and 16-byte tag", () => {
    const [version, iv, tag, ciphertext, ...rest] = encryptSecret("secret", key).split(".");
    expect(version).toBe("v1");
    expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(tag ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext ?? "", "base64url")).toHaveLength(6);
    expect(rest).toEqual([]);
  });

  it("uses a fresh IV each time", () => {
    const blobs = Array.from({ length: 50 }, () => encryptSecret("same", key));
    const ivs = new Set(blobs.map((blob) => blob.split(".")[1]));
    expect(ivs.size).toBe(50);
    expect(new Set(blobs).size).toBe(50);
  });

  it("detects a changed byte in the ciphertext, the tag or the IV", () => {
    const blob = encryptSecret("do not touch", key);
    for (const part of [1, 2, 3]) {
      expect(() => decryptSecret(tamper(blob, part), key)).toThrow(/could not be decrypted/);
    }
  });

  it("refuses a blob whose version was rewritten", () => {
    const blob = encryptSecret("x", key);
    expect(() => decryptSecret(blob.replace(/^v1/, "v2"), key)).toThrow(/unknown format/);
  });

  it("fails with the wrong key", () => {
    const blob = encryptSecret("secret", key);
    expect(() => decryptSecret(blob, randomBytes(32))).toThrow(/could not be decrypted/);
  });

  it("rejects malformed blobs and keys of the wrong size", () => {
    for (const blob of ["", "v1", "v1.a.b", "v1.a.b.c.d", "plain-text-token"]) {
      expect(() => decryptSecret(blob, key)).toThrow(/unknown format/);
    }
    expect(() => encryptSecret("x", randomBytes(16))).toThrow(RangeError);
  });
});

describe("deriveKey", () => {
  it("uses a 64-character hex key as is", () => {
    const raw = randomBytes(32);
    expect(deriveKey(raw.toString("hex")).equals(raw)).toBe(true);
  });

  it("uses base64 and base64url encodings of 32 bytes as is", () => {
    const raw = randomBytes(32);
    expect(deriveKey(raw.toString("base64")).equals(raw)).toBe(true);
    expect(deriveKey(raw.toString("base64url")).equals(raw)).toBe(true);
  });

  it("expands a passphrase deterministically with HKDF", () => {
    const first = deriveKey("correct horse battery staple");
    expect(first).toHaveLength(32);
    expect(deriveKey("correct horse battery staple").equals(first)).toBe(true);
    expect(deriveKey("correct horse battery stapler").equals(first)).toBe(false);
    expect(decryptSecret(encryptSecret("t", first), deriveKey("correct horse battery staple"))).toBe("t");
  });

  it("refuses short passphrases", () => {
    expect(() => deriveKey("short")).toThrow(RangeError);
    expect(() => deriveKey("")).toThrow(RangeError);
  });
});

describe("tokens and HMAC", () => {
  it("randomToken returns base64url of the requested entropy", () => {
    const token = randomToken(24);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomToken()).toHaveLength(43);
    expect(randomToken()).not.toBe(randomToken());
  });

  it("hmacSha256Hex matches node's HMAC", () => {
    const body = '{"type":"Message"}';
    expect(hmacSha256Hex("k".repeat(32), body)).toBe(
      createHmac("sha256", "k".repeat(32)).update(body).digest("hex"),
    );
  });

  it("timingSafeEqualHex compares digests safely", () => {
    const digest = hmacSha256Hex("key", "body");
    expect(timingSafeEqualHex(digest, digest)).toBe(true);
    expect(timingSafeEqualHex(digest, digest.toUpperCase())).toBe(true);
    expect(timingSafeEqualHex(digest, hmacSha256Hex("key", "body!"))).toBe(false);
    expect(timingSafeEqualHex(digest, digest.slice(0, -2))).toBe(false);
    expect(timingSafeEqualHex(digest, `${digest.slice(0, -1)}z`)).toBe(false);
    expect(timingSafeEqualHex("", "")).toBe(false);
  });
});
