import { createHash, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): ~55 ms per hash on this class of machine.
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export interface PasswordCheck {
  ok: boolean;
  /** The stored value is a legacy format (plain text or bcrypt from an existing directory): re-hash it. */
  needsRehash: boolean;
}

/**
 * Checks a password against what the directory stores. Besides argon2id, an existing `data_feeds`
 * schema may hold bcrypt hashes or plain text; those are accepted once and re-hashed by the caller.
 */
export async function checkPassword(stored: string, password: string): Promise<PasswordCheck> {
  if (stored.startsWith("$argon2")) {
    const ok = await verify(stored, password).catch(() => false);
    return { ok, needsRehash: false };
  }
  if (/^\$2[aby]\$\d{2}\$/.test(stored)) {
    const ok = await bcrypt.compare(password, stored);
    return { ok, needsRehash: ok };
  }
  // Plain text: compare digests so the comparison takes the same time whatever the lengths.
  const ok = timingSafeEqual(sha256(stored), sha256(password)) && stored.length > 0;
  return { ok, needsRehash: ok };
}

/** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("parley-timing-equaliser");
  await verify(await dummyHash, password).catch(() => false);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();
