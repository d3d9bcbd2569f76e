import { describe, expect, it } from "vitest";
import { ServiceUnavailableError, UpstreamError } from "../../../lib/errors.js";
import { classifyWuzapiError, isWuzapiError, WuzapiError, whatsappUnavailable } from "./wuzapi-errors.js";

describe("classifyWuzapiError", () => {
  it.each([
    [500, "no session", "no_session"],
    [400, "no session", "no_session"],
    [500, "already connected", "already_connected"],
    [500, "already logged in", "already_logged_in"],
    [500, "not connected", "not_connected"],
    [500, "could not disconnect as it was not connected", "not_connected"],
    [400, "already paired", "already_paired"],
    [500, "could not logout as it was not logged in", "not_logged_in"],
    [500, "cannot disconnect because it is not logged in", "not_logged_in"],
    [401, "unauthorized", "unauthorized"],
    [401, "", "unauthorized"],
    [404, "user not found", "not_found"],
    [404, "", "not_found"],
    [500, "no avatar found", "not_found"],
    [409, "user with this token already exists", "conflict"],
    [501, "message history is disabled for this user", "history_disabled"],
    [500, "error sending message: server returned error 479", "send_failed"],
    [400, "missing Phone in Payload", "bad_request"],
    [400, "could not decode Payload", "bad_request"],
    [500, "failed to get message history", "unknown"],
    [500, "", "unknown"],
  ] as const)("HTTP %i %j → %s", (status, message, kind) => {
    expect(classifyWuzapiError(status, message)).toBe(kind);
  });

  it("ignores case and surrounding spaces in the message", () => {
    expect(classifyWuzapiError(500, "  No Session\n")).toBe("no_session");
  });
});

describe("WuzapiError", () => {
  it("is an UpstreamError with a stable code, the kind and the raw message", () => {
    const error = new WuzapiError({
      kind: "no_session",
      upstreamStatus: 500,
      rawMessage: "no session",
      endpoint: "GET /session/qr",
    });
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.status).toBe(502);
    expect(error.code).toBe("whatsapp_no_session");
    expect(error.message).toBe("no session");
    expect(error.name).toBe("WuzapiError");
    expect(isWuzapiError(error)).toBe(true);
    expect(isWuzapiError(error, "no_session")).toBe(true);
    expect(isWuzapiError(error, "not_found")).toBe(false);
    expect(isWuzapiError(new Error("no session"))).toBe(false);
  });

  it("still has a message when WuzAPI gave none", () => {
    const error = new WuzapiError({
      kind: "unknown",
      upstreamStatus: 500,
      rawMessage: "",
      endpoint: "GET /x",
    });
    expect(error.message).toBe("WhatsApp service error (HTTP 500)");
  });
});

describe("whatsappUnavailable", () => {
  it("is a 503 with the code the UI shows as a state", () => {
    const cause = new Error("connect ECONNREFUSED");
    const error = whatsappUnavailable(cause);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.status).toBe(503);
    expect(error.code).toBe("whatsapp_unavailable");
    expect(error.message).toBe("WhatsApp service unavailable");
    expect(error.cause).toBe(cause);
  });
});
