import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { SimulatorContext } from "../context.js";
import type { UserRecord } from "../store/user-record.js";
import { WuzapiError } from "./envelope.js";

const authenticated = new WeakMap<FastifyRequest, UserRecord>();

/** `Authorization: <admin token>`, raw, no "Bearer". */
export function adminGuard(context: SimulatorContext) {
  const expected = Buffer.from(context.options.adminToken);
  return async (request: FastifyRequest): Promise<void> => {
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WuzapiError(401, "unauthorized");
    }
  };
}

/** `token: <user token>` header, or `?token=`. Matches are cached for good, as WuzAPI's userinfocache. */
export function userGuard(context: SimulatorContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.token;
    const query = (request.query as Record<string, unknown> | undefined)?.token;
    const token = (typeof header === "string" && header !== "" ? header : undefined) ?? queryToken(query);
    let user = context.tokenCache.get(token);
    if (!user) {
      user = context.users.byToken(token);
      if (user) context.tokenCache.set(token, user);
    }
    if (!user) throw new WuzapiError(401, "unauthorized");
    authenticated.set(request, user);
  };
}

function queryToken(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : "";
}

export function userOf(request: FastifyRequest): UserRecord {
  const user = authenticated.get(request);
  if (!user) throw new WuzapiError(401, "unauthorized");
  return user;
}
