import pino, { type Logger } from "pino";
import type { Config } from "../config.js";

/** Paths never written to logs: credentials, cookies, WuzAPI tokens. */
export const REDACTED_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  "req.headers.token",
  'res.headers["set-cookie"]',
  "password",
  "*.password",
  "token",
  "*.token",
  "adminToken",
  "*.adminToken",
  "hmacKey",
  "*.hmacKey",
];

export function createLogger(config: Pick<Config, "log">): Logger {
  return pino({
    level: config.log.level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    ...(config.log.pretty
      ? { transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname" } } }
      : {}),
  });
}
