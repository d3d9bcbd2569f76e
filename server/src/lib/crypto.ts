import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/*
 * Secrets at rest (WuzAPI user tokens, webhook secrets) are sealed with AES-256-GCM into a compact,
 * versioned string: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. The version is bound as
 * associated data, so a blob cannot be replayed under a future format.
 */

const FORMAT_VERSION = "v1";
const CIPHER = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_PASSPHRASE_LENGTH = 16;
const HKDF_SALT = "parley";
const HKDF_INFO = "parley secret encryption v1";

const HEX_KEY = /^[0-9a-f]{64}$/i;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}={0,1}$/;
const HEX = /^(?:[0-9a-f]{2})*$/i;

/**
 * Turns the configured secret into a 32-byte key:
 * - 64 hex characters, or base64/base64url of exactly 32 bytes, are used as the key itself;
 * - anything else is a passphrase, expanded with HKDF-SHA256 (fixed salt and info).
 * HKDF does not stretch: a passphrase must already be long and random, hence the minimum length.
 */
export function deriveKey(secret: string): Buffer {
  const trimmed = secret.trim();
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (BASE64_KEY.test(trimmed)) {
    const decoded = Buffer.from(
      trimmed,
      trimmed.includes("-") || trimmed.includes("_") ? "base64url" : "base64",
    );
    if (decoded.length === KEY_BYTES) return decoded;
  }
  if (trimmed.length < MIN_PASSPHRASE_LENGTH) {
    throw new RangeError(
      `Encryption key must be 32 bytes (64 hex or base64 characters) or a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters`,
    );
  }
  return Buffer.from(hkdfSync("sha256", trimmed, HKDF_SALT, HKDF_INFO, KEY_BYTES));
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`Encryption key must be ${KEY_BYTES} bytes`);
}

export function encryptSecret(plain: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(FORMAT_VERSION));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
  return [FORMAT_VERSION, ...parts].join(".");
}

/** Throws when the blob is malformed, was altered, or was sealed with another key. */
export function decryptSecret(blob: string, key: Buffer): string {
  assertKey(key);
  const [version, ivText, tagText, ciphertextText, ...rest] = blob.split(".");
  if (
    version !== FORMAT_VERSION ||
    ivText === undefined ||
    tagText === undefined ||
    ciphertextText === undefined ||
    rest.length > 0
  ) {
    throw new Error("Encrypted secret has an unknown format");
  }
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new Error("Encrypted secret has an unknown format");
  try {
    const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(FORMAT_VERSION));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertextText, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch (cause) {
    throw new Error("Encrypted secret could not be decrypted (wrong key or altered data)", { cause });
  }
}

/** URL-safe random token: `bytes` of entropy, base64url without padding. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function hmacSha256Hex(key: string | Buffer, body: string | Buffer): string {
  return createHmac("sha256", key).update(body).digest("hex");
}

/** Constant-time comparison of two hex digests; false for empty, different lengths or non-hex input. */
export function timingSafeEqualHex(a: string, b: string): boolean {
  if (a === "" || a.length !== b.length || !HEX.test(a) || !HEX.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}
