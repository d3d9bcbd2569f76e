import { z } from "zod";
import type { Config } from "../../config.js";
import {
  clearSessionCookie,
  currentUser,
  requireUser,
  SESSION_COOKIE,
  setSessionCookie,
} from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import type { AuthService } from "./auth.service.js";

const loginBody = z.object({
  username: z.string().trim().min(1, "is required").max(64),
  password: z.string().min(1, "is required").max(256),
});

export function registerAuthRoutes(app: App, deps: { auth: AuthService; config: Config }) {
  app.post("/api/auth/login", { schema: { body: loginBody } }, async (request, reply) => {
    const result = await deps.auth.login({
      username: request.body.username,
      password: request.body.password,
      ip: request.ip,
      userAgent: request.headers["user-agent"] ?? null,
      previousToken: request.cookies[SESSION_COOKIE] ?? null,
    });
    setSessionCookie(reply, deps.config, result.token, result.expiresAt);
    return { user: result.user };
  });

  app.post("/api/auth/logout", { onRequest: requireUser }, async (request, reply) => {
    await deps.auth.logout(request.sessionToken as string, currentUser(request).id, request.ip);
    clearSessionCookie(reply, deps.config);
    return reply.status(204).send();
  });

  app.get("/api/me", { onRequest: requireUser }, async (request) => ({ user: currentUser(request) }));
}
