/**
 * The one error hierarchy. Every error a request can end in is an AppError with a stable `code`
 * (machine-readable, snake_case) and an HTTP status; the error handler turns it into
 * `{"error":{"code","message"},"requestId"}`. Anything else is an internal error: logged, never shown.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra fields safe to show the client (e.g. which field failed validation). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = options?.details;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(400, "validation_failed", message, details ? { details } : undefined);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Sign in to continue", code = "unauthorized") {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You do not have access to this", code = "forbidden") {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = "Not found", code = "not_found") {
    super(404, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = "conflict", details?: Record<string, unknown>) {
    super(409, code, message, details ? { details } : undefined);
  }
}

export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, message = "Too many attempts; try again later") {
    super(429, "rate_limited", message, { details: { retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency (WhatsApp service, directory database) is down or too slow. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, code = "service_unavailable", options?: { cause?: unknown }) {
    super(503, code, message, options);
  }
}

/** A dependency answered, but with an error we cannot map to a state (shown with its message). */
export class UpstreamError extends AppError {
  constructor(
    message: string,
    code = "upstream_error",
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(502, code, message, options);
  }
}

/** Configuration is invalid; thrown at boot with every problem listed. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}
