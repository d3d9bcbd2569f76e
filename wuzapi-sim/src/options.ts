import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";

export const timingsSchema = z.object({
  /** How often a pending QR code rotates (whatsmeow shows each code for about 20 s). */
  qrIntervalMs: z.number().int().positive().default(20_000),
  /** How many codes are shown before QRTimeout destroys the client. */
  qrCodes: z.number().int().positive().default(6),
  /** Delay before a sent message is reported Delivered. */
  receiptDelayMs: z.number().int().nonnegative().default(300),
  /** Delay after Delivered before it is reported Read. */
  readDelayMs: z.number().int().nonnegative().default(1500),
  botReplyDelayMs: z.number().int().nonnegative().default(1200),
  /** First retry delay of a failed webhook; it doubles on each attempt, like WuzAPI's retrydelay. */
  webhookRetryDelayMs: z.number().int().nonnegative().default(1000),
  /** Total delivery attempts per webhook (WuzAPI's retrycount). */
  webhookRetries: z.number().int().positive().default(5),
  webhookTimeoutMs: z.number().int().positive().default(10_000),
  /** How long `/session/connect` blocks without `"Immediate":true` (WuzAPI sleeps 10 s). */
  connectWaitMs: z.number().int().nonnegative().default(10_000),
});

export type Timings = z.output<typeof timingsSchema>;

export const optionsSchema = z.object({
  adminToken: z.string().min(1, "adminToken is required"),
  webhookFormat: z.enum(["json", "form"]).default("json"),
  dataFile: z.string().min(1).optional(),
  timings: timingsSchema.partial().optional(),
  seed: z.number().int().default(20_260_420),
});

export type SimulatorOptions = z.input<typeof optionsSchema> & {
  /** A pino-compatible logger, or false (the default) for silence. */
  logger?: FastifyBaseLogger | false;
};

export type ResolvedOptions = Omit<z.output<typeof optionsSchema>, "timings"> & { timings: Timings };

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const { logger: _logger, ...rest } = options;
  const parsed = optionsSchema.parse(rest);
  return { ...parsed, timings: timingsSchema.parse(parsed.timings ?? {}) };
}
