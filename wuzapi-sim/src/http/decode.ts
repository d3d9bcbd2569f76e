import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { WuzapiError } from "./envelope.js";

/**
 * Decodes a request body the way Go's json.Decoder fills a struct: keys match field names
 * case-insensitively (exact match first), unknown keys are ignored, and anything that does not fit
 * the struct fails with the handler's own message (usually 400 "could not decode Payload").
 */
export function decodeBody<S extends z.ZodType>(
  request: FastifyRequest,
  schema: S,
  message = "could not decode Payload",
): z.output<S> {
  const text = rawBody(request);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WuzapiError(400, message);
  }
  // Go decodes a JSON `null` into the zero struct without complaint.
  const result = schema.safeParse(foldKeys(parsed ?? {}, schema));
  if (!result.success) throw new WuzapiError(400, message);
  return result.data;
}

/** The body as received; every content type is kept as text so each route decodes it itself. */
export function rawBody(request: FastifyRequest): string {
  const body: unknown = request.body;
  if (typeof body === "string") return body;
  if (Buffer.isBuffer(body)) return body.toString("utf8");
  return "";
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPipe
  ) {
    current = (current instanceof z.ZodPipe ? current.in : current.unwrap()) as z.ZodType;
  }
  return current;
}

function foldKeys(value: unknown, schema: z.ZodType): unknown {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    return value.map((item) => foldKeys(item, inner.element as z.ZodType));
  }
  if (
    !(inner instanceof z.ZodObject) ||
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value)
  ) {
    return value;
  }
  const shape = inner.shape as Record<string, z.ZodType>;
  const fieldNames = Object.keys(shape);
  const folded: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  // Exact names win over case-insensitive ones, as in encoding/json.
  for (const [key, item] of entries) {
    const field = shape[key];
    if (field) folded[key] = foldKeys(item, field);
  }
  for (const [key, item] of entries) {
    if (key in shape) continue;
    const name = fieldNames.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    const field = name === undefined ? undefined : shape[name];
    if (name !== undefined && field && !(name in folded)) folded[name] = foldKeys(item, field);
  }
  return folded;
}

/** A Go string field: absent and null both read as "". */
export const goString = z
  .string()
  .nullish()
  .transform((value) => value ?? "");

export const goBool = z
  .boolean()
  .nullish()
  .transform((value) => value ?? false);

export const goInt = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? 0);

export const goNumber = z
  .number()
  .nullish()
  .transform((value) => value ?? 0);

export const goStringList = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);
