import { ServiceUnavailableError, UpstreamError } from "../../../lib/errors.js";

/**
 * What a WuzAPI failure means for Parley. WuzAPI answers almost every runtime error with HTTP 500
 * and a message string (CONTRACT.md §9), so the message decides the kind more often than the status.
 */
export type WuzapiErrorKind =
  | "no_session"
  | "already_connected"
  | "already_logged_in"
  | "not_connected"
  | "already_paired"
  | "not_logged_in"
  | "unauthorized"
  | "not_found"
  | "conflict"
  | "history_disabled"
  | "bad_request"
  | "send_failed"
  /** A 2xx whose body does not have the shape the contract promises. */
  | "invalid_response"
  /** WuzAPI's plain-text 404 from its static file server: the route does not exist in this build. */
  | "unknown_route"
  | "unknown";

/** Exact messages (lowercased) that name a session state rather than a failure. */
const KIND_BY_MESSAGE: ReadonlyMap<string, WuzapiErrorKind> = new Map([
  ["no session", "no_session"],
  ["already connected", "already_connected"],
  ["already logged in", "already_logged_in"],
  ["not connected", "not_connected"],
  ["could not disconnect as it was not connected", "not_connected"],
  ["already paired", "already_paired"],
  ["could not logout as it was not logged in", "not_logged_in"],
  ["cannot disconnect because it is not logged in", "not_logged_in"],
  ["unauthorized", "unauthorized"],
  ["user not found", "not_found"],
  ["no avatar found", "not_found"],
  ["user with this token already exists", "conflict"],
]);

const KIND_BY_STATUS: ReadonlyMap<number, WuzapiErrorKind> = new Map([
  [401, "unauthorized"],
  [404, "not_found"],
  [409, "conflict"],
  [501, "history_disabled"],
]);

export function classifyWuzapiError(httpStatus: number, message: string): WuzapiErrorKind {
  const normalised = message.trim().toLowerCase();
  const byMessage = KIND_BY_MESSAGE.get(normalised);
  if (byMessage) return byMessage;
  if (normalised.startsWith("error sending message")) return "send_failed";
  const byStatus = KIND_BY_STATUS.get(httpStatus);
  if (byStatus) return byStatus;
  if (httpStatus === 400) return "bad_request";
  return "unknown";
}

/** WuzAPI answered, with an error. `kind` is what callers branch on; `rawMessage` is WuzAPI's own words. */
export class WuzapiError extends UpstreamError {
  readonly kind: WuzapiErrorKind;
  readonly upstreamStatus: number;
  readonly rawMessage: string;
  /** Method and path without the query string, for logs. */
  readonly endpoint: string;

  constructor(init: {
    kind: WuzapiErrorKind;
    upstreamStatus: number;
    rawMessage: string;
    endpoint: string;
    cause?: unknown;
  }) {
    super(
      init.rawMessage || `WhatsApp service error (HTTP ${init.upstreamStatus})`,
      `whatsapp_${init.kind}`,
      {
        cause: init.cause,
      },
    );
    this.kind = init.kind;
    this.upstreamStatus = init.upstreamStatus;
    this.rawMessage = init.rawMessage;
    this.endpoint = init.endpoint;
  }
}

export function isWuzapiError(error: unknown, kind?: WuzapiErrorKind): error is WuzapiError {
  return error instanceof WuzapiError && (kind === undefined || error.kind === kind);
}

/** WuzAPI could not be reached, timed out, or dropped the connection. */
export function whatsappUnavailable(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError("WhatsApp service unavailable", "whatsapp_unavailable", { cause });
}

/** WuzAPI took longer than the client waits: unavailable too, but the message says what happened. */
export function whatsappTimedOut(timeoutMs: number, cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `WhatsApp service did not answer within ${timeoutMs / 1000} s`,
    "whatsapp_unavailable",
    { cause },
  );
}
