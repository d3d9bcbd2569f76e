import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import { ForbiddenError, UnauthorizedError } from "../lib/errors.js";
import type { AuthService } from "../modules/auth/auth.service.js";
import type { App } from "./types.js";

export const SESSION_COOKIE = "parley_session";

/** Reads the session cookie on every /api request and sets `request.user` (null when signed out). */
export function registerSessionAuth(app: App, auth: Pick<AuthService, "authenticate">) {
  app.decorateRequest("user", null);
  app.decorateRequest("sessionToken", null);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/") || request.url.startsWith("/api/webhooks/")) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const user = await auth.authenticate(token);
    if (user) {
      request.user = user;
      request.sessionToken = token;
    }
  });
}

export function setSessionCookie(
  reply: FastifyReply,
  config: Pick<Config, "cookieSecure">,
  token: string,
  expiresAt: Date,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.cookieSecure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Pick<Config, "cookieSecure">) {
  reply.clearCookie(SESSION_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.cookieSecure,
  });
}

/** Route onRequest hook (runs before the body is read): the request must come from a signed-in user. */
export async function requireUser(request: FastifyRequest) {
  if (!request.user) throw new UnauthorizedError();
}

/** Route onRequest hook: the request must come from a signed-in administrator. */
export async function requireAdmin(request: FastifyRequest) {
  if (!request.user) throw new UnauthorizedError();
  if (request.user.role !== "admin")
    throw new ForbiddenError("Only administrators can do this", "admin_only");
}

/** The signed-in user of a request that passed `requireUser`. */
export function currentUser(request: FastifyRequest) {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}
