import { z } from "zod";

/** The phone a user paired with: what whatsmeow keeps in its device store. */
export const pairedPhoneSchema = z.object({
  number: z.string().regex(/^\d{6,15}$/),
  device: z.number().int().positive(),
  lid: z.string().regex(/^\d+$/),
  pushName: z.string(),
});
export type PairedPhone = z.infer<typeof pairedPhoneSchema>;

export const s3ConfigSchema = z.object({
  enabled: z.boolean(),
  endpoint: z.string(),
  region: z.string(),
  bucket: z.string(),
  accessKey: z.string(),
  secretKey: z.string(),
  pathStyle: z.boolean(),
  publicUrl: z.string(),
  retentionDays: z.number().int(),
});
export type S3Config = z.infer<typeof s3ConfigSchema>;

/** One row of WuzAPI's `users` table, plus the paired phone. */
export const userRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string(),
  webhook: z.string(),
  jid: z.string(),
  qrcode: z.string(),
  connected: z.union([z.literal(0), z.literal(1)]),
  expiration: z.number().int(),
  /** Comma-separated, as stored by WuzAPI. */
  events: z.string(),
  proxyUrl: z.string(),
  s3: s3ConfigSchema,
  mediaDelivery: z.string(),
  history: z.number().int().nonnegative(),
  hmacKey: z.string().nullable(),
  phone: pairedPhoneSchema.nullable(),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

export const emptyS3Config: S3Config = {
  enabled: false,
  endpoint: "",
  region: "",
  bucket: "",
  accessKey: "",
  secretKey: "",
  pathStyle: false,
  publicUrl: "",
  retentionDays: 0,
};
