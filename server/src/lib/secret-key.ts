import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { deriveKey } from "./crypto.js";

/**
 * The key that encrypts WuzAPI tokens and webhook HMAC keys at rest. Production sets SECRET_KEY
 * (the config refuses to start without it); the embedded default generates one on first start
 * and keeps it in DATA_DIR, so a restart can still read what it stored.
 */
export function resolveSecretKey(config: Pick<Config, "secretKey" | "dataDir">): Buffer {
  if (config.secretKey) return deriveKey(config.secretKey);
  const file = path.join(config.dataDir, "secret.key");
  try {
    return deriveKey(readFileSync(file, "utf8").trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const generated = randomBytes(32).toString("base64");
  writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: "wx" });
  return deriveKey(generated);
}
