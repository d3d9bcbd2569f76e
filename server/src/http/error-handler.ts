import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { isDatabaseUnreachable } from "../db/database.js";
import { AppError, RateLimitedError } from "../lib/errors.js";

const DATABASE_RETRY_AFTER_SECONDS = 5;

const CLIENT_ERROR_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  408: "request_timeout",
  411: "length_required",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
  requestId: string;
}

/**
 * The one error handler: AppErrors keep their status, code and message; request validation
 * failures become 400 naming the field; Fastify's own client errors (bad JSON, too large, wrong
 * content type) keep their 4xx; everything else is logged and answered with a generic 500.
 */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, body: ErrorBody["error"]) =>
    reply.status(status).send({ error: body, requestId: request.id } satisfies ErrorBody);

  if (error instanceof AppError) {
    if (error.status >= 500) request.log.warn({ err: error }, error.message);
    if (error instanceof RateLimitedError) reply.header("retry-after", String(error.retryAfterSeconds));
    return send(error.status, {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => {
      const where = issue.instancePath.replace(/^\//, "").replace(/\//g, ".");
      const field = [error.validationContext === "body" ? "" : error.validationContext, where]
        .filter(Boolean)
        .join(".");
      return {
        field: field || (error.validationContext ?? "request"),
        message: issue.message ?? "is invalid",
      };
    });
    const first = issues[0];
    return send(400, {
      code: "validation_failed",
      message: first ? `${first.field}: ${first.message}` : "The request is invalid",
      details: { issues },
    });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, "response did not match its schema");
    return send(500, { code: "internal", message: "Something went wrong on our side" });
  }
  const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    return send(status, { code: CLIENT_ERROR_CODES[status] ?? "bad_request", message: error.message });
  }
  if (isDatabaseUnreachable(error)) {
    // Retryable: WuzAPI retries a webhook answered this way, and a browser can try again.
    request.log.warn({ err: error }, "database unreachable");
    reply.header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
    return send(503, {
      code: "database_unavailable",
      message: "The database is unavailable; try again shortly",
    });
  }
  request.log.error({ err: error }, "unhandled error");
  return send(500, { code: "internal", message: "Something went wrong on our side" });
}
