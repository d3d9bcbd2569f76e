#!/usr/bin/env node
// `npm run secrets`: prints strong values for every secret in .env.example, as .env lines.
// `npm run secrets -- --write`: copies .env.example to .env with those values filled in; an existing
// .env is never overwritten (rotating a secret has consequences: docs/deploy.md).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Hex: safe inside URLs (DATABASE_URL), shell lines and YAML without quoting. */
const hex = (bytes) => randomBytes(bytes).toString("hex");

export const generators = {
  SECRET_KEY: () => hex(32),
  POSTGRES_PASSWORD: () => hex(24),
  PARLEY_DB_PASSWORD: () => hex(24),
  WUZAPI_DB_PASSWORD: () => hex(24),
  WUZAPI_ADMIN_TOKEN: () => hex(24),
  // WuzAPI's AES-256 key is the string's bytes: exactly 32 characters, no more, no fewer.
  WUZAPI_GLOBAL_ENCRYPTION_KEY: () => hex(16),
  WUZAPI_GLOBAL_HMAC_KEY: () => hex(32),
  ADMIN_PASSWORD: () => randomBytes(18).toString("base64url"),
  DATA_FEEDS_DB_PASSWORD: () => hex(24),
  DATA_FEEDS_ROOT_PASSWORD: () => hex(24),
};

/** Fresh values for every secret. */
export function generateSecrets() {
  return Object.fromEntries(Object.entries(generators).map(([name, generate]) => [name, generate()]));
}

/** `.env.example` with the secrets' lines replaced; every other line (comments included) is kept. */
export function fillEnvFile(example, secrets) {
  return example
    .split("\n")
    .map((line) => {
      const name = /^([A-Z0-9_]+)=/.exec(line)?.[1];
      return name && name in secrets ? `${name}=${secrets[name]}` : line;
    })
    .join("\n");
}

function main(args) {
  const secrets = generateSecrets();
  if (!args.includes("--write")) {
    const lines = Object.entries(secrets).map(([name, value]) => `${name}=${value}\n`);
    process.stdout.write(lines.join(""));
    return 0;
  }
  const envPath = path.join(root, ".env");
  if (existsSync(envPath)) {
    process.stderr.write(
      ".env already exists; not overwriting it. Run `npm run secrets` and change values by hand\n" +
        '(see docs/deploy.md, "Rotating secrets", for what each one breaks).\n',
    );
    return 1;
  }
  const example = readFileSync(path.join(root, ".env.example"), "utf8");
  writeFileSync(envPath, fillEnvFile(example, secrets), { mode: 0o600 });
  process.stdout.write(
    "Wrote .env with new secrets. Sign in first as ADMIN_USERNAME with the ADMIN_PASSWORD it holds.\n",
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
