import type { FastifyRequest } from "fastify";
import pino, { type DestinationStream, type Logger } from "pino";
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

// The webhook's path segment is its credential: logged request lines show it redacted.
const WEBHOOK_SECRET_IN_PATH = /(\/api\/webhooks\/wuzapi\/)[^/?#]+/g;
export const redactUrl = (url: string) => url.replace(WEBHOOK_SECRET_IN_PATH, "$1[redacted]");

/** Fastify's request line, with the URL's secrets redacted. */
function requestSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The process logger; `destination` (tests) receives the JSON lines instead of stdout. */
export function createLogger(config: Pick<Config, "log">, destination?: DestinationStream): Logger {
  const options = {
    level: config.log.level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: { req: requestSerializer },
  };
  if (destination) return pino(options, destination);
  return pino({
    ...options,
    ...(config.log.pretty
      ? { transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname" } } }
      : {}),
  });
}
