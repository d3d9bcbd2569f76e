import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import type { SimulatorControl } from "./control.js";
import { registerAdminRoutes } from "./http/admin.js";
import { userGuard } from "./http/auth.js";
import { registerChatRoutes } from "./http/chat.js";
import { registerSendRoutes } from "./http/chat-send.js";
import { registerAvatarRoute, registerControlRoutes } from "./http/control.js";
import { fail, notFound, WuzapiError } from "./http/envelope.js";
import { registerGroupRoutes } from "./http/group.js";
import { registerHealthRoute } from "./http/health.js";
import { registerSessionRoutes } from "./http/session.js";
import { registerUserRoutes } from "./http/user.js";
import { registerWebhookRoutes } from "./http/webhook.js";
import type { Services } from "./services.js";

/** Media travels inline as data URLs; WuzAPI sets no body limit of its own. */
const BODY_LIMIT = 128 * 1024 * 1024;

export function createFastify(logger: FastifyBaseLogger | false | undefined): FastifyInstance {
  // A stopping WuzAPI drops its connections: close() must not wait for a request held by the delay
  // fault (its timer is cancelled, so it would never answer) until the client gives up.
  const options = { bodyLimit: BODY_LIMIT, forceCloseConnections: true };
  return logger ? Fastify({ ...options, loggerInstance: logger }) : Fastify({ ...options, logger: false });
}

export type ServedRoute = { method: string; url: string };

const servedRoutes = new WeakMap<FastifyInstance, ServedRoute[]>();

/** The routes a simulator app serves (the contract test compares them with spec.yml). */
export function listRoutes(app: FastifyInstance): readonly ServedRoute[] {
  return servedRoutes.get(app) ?? [];
}

/** Registers WuzAPI's routes, the control API and the behaviour around them on a Fastify instance. */
export function registerRoutes(app: FastifyInstance, services: Services, control: SimulatorControl): void {
  const { context } = services;
  const routes: ServedRoute[] = [];
  servedRoutes.set(app, routes);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat())
      if (method !== "HEAD") routes.push({ method, url: route.url });
  });

  // Every route decodes its own body, with its own error message, as the Go handlers do.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof WuzapiError) return fail(reply, error);
    const status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, "unexpected simulator error");
    return fail(reply, new WuzapiError(status, error.message));
  });
  // Unknown routes and wrong methods fall through to WuzAPI's static file server.
  app.setNotFoundHandler((_request, reply) => notFound(reply));

  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/_sim/") || !context.faults.down) return;
    // Down means no answer at all: the connection is dropped.
    reply.hijack();
    request.raw.socket.destroy();
  });
  // Slow means the request was taken (its body read) and is carried out late, like a WuzAPI stuck on
  // WhatsApp: a client that stopped waiting does not undo it.
  app.addHook("preHandler", async (request) => {
    if (request.url.startsWith("/_sim/")) return;
    if (context.faults.delayMs > 0) await context.timers.sleep(context.faults.delayMs);
  });

  app.register(async (scope) => registerHealthRoute(scope, services));
  app.register(async (scope) => registerAdminRoutes(scope, services));
  app.register(async (scope) => {
    scope.addHook("onRequest", userGuard(context));
    registerSessionRoutes(scope, services);
    registerWebhookRoutes(scope, services);
    registerUserRoutes(scope, services);
    registerSendRoutes(scope, services);
    registerChatRoutes(scope, services);
    registerGroupRoutes(scope, services);
  });
  app.register(async (scope) => registerControlRoutes(scope, services, control));
  app.register(async (scope) => registerAvatarRoute(scope));
}
