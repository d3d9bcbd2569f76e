import type { FastifyReply } from "fastify";
import { goJson } from "../util/go-json.js";

/** An error that becomes WuzAPI's `{"code","error","success":false}` answer. */
export class WuzapiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Writes a body the way Go's json.Encoder does (sorted keys, trailing newline). */
export function sendGoJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .type("application/json")
    .send(`${goJson(body)}\n`);
}

/** `{"code":200,"data":…,"success":true}`. */
export function ok(reply: FastifyReply, data: unknown, code = 200): FastifyReply {
  return sendGoJson(reply, code, { code, data, success: true });
}

export function fail(reply: FastifyReply, error: WuzapiError): FastifyReply {
  return sendGoJson(reply, error.status, {
    code: error.status,
    error: error.message,
    success: false,
    ...error.extra,
  });
}

/** What Go's http.NotFound writes; WuzAPI's static file server answers unknown routes with it. */
export function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).type("text/plain; charset=utf-8").send("404 page not found\n");
}
