import { randomUUID } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { registerCsrfGuard } from "./http/csrf.js";
import { errorHandler } from "./http/error-handler.js";
import { registerSessionAuth } from "./http/session-auth.js";
import { registerTextGuard } from "./http/text-guard.js";
import type { App } from "./http/types.js";
import { registerWebApp } from "./http/web-app.js";
import { registerAuthRoutes } from "./modules/auth/auth.routes.js";
import { registerChatsRoutes } from "./modules/chats/chats.routes.js";
import { registerMessageActionsRoutes } from "./modules/chats/message-actions.routes.js";
import { registerContactsRoutes } from "./modules/contacts/contacts.routes.js";
import { registerContactImportRoutes } from "./modules/contacts/import/import.routes.js";
import { registerWhatsappContactsRoutes } from "./modules/contacts/whatsapp-contacts.routes.js";
import { registerDashboardRoutes } from "./modules/dashboard/dashboard.routes.js";
import { registerFavouritesRoutes } from "./modules/favourites/favourites.routes.js";
import { registerHealthRoutes } from "./modules/health/health.routes.js";
import { registerMediaRoutes } from "./modules/media/media.routes.js";
import { registerMetricsRoutes } from "./modules/metrics/metrics.routes.js";
import { registerRealtimeRoutes } from "./modules/realtime/realtime.routes.js";
import { registerTagsRoutes } from "./modules/tags/tags.routes.js";
import { registerUsersRoutes } from "./modules/users/users.routes.js";
import { registerWebhookRoutes } from "./modules/whatsapp/webhook.routes.js";
import { createWebhookAccounts } from "./modules/whatsapp/webhook-accounts.js";
import { registerWhatsappRoutes } from "./modules/whatsapp/whatsapp.routes.js";
import type { Services } from "./services.js";

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Builds the HTTP application. Used by `main.ts` and, unchanged, by the tests. */
export async function buildApp(services: Services): Promise<App> {
  const { config, logger } = services;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Keep a caller's request id (Traefik, another service) when it is sane; otherwise make one.
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // A malformed URL (bad percent-encoding) is refused by the router itself: same error shape.
    frameworkErrors: errorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd injects its CSS-in-JS style tags at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        mediaSrc: ["'self'", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    // The app is served over plain HTTP in the embedded default; Traefik adds HSTS where TLS is on.
    strictTransportSecurity: false,
    xFrameOptions: { action: "deny" },
  });
  await app.register(fastifyCookie);
  registerSessionAuth(app, services.auth);
  registerCsrfGuard(app);
  registerTextGuard(app);

  // First, so its request counters see every route registered after it.
  registerMetricsRoutes(app, services);
  registerHealthRoutes(app, services);
  registerAuthRoutes(app, services);
  registerUsersRoutes(app, services);
  registerTagsRoutes(app, services);
  registerContactsRoutes(app, services);
  await registerContactImportRoutes(app, services);
  registerDashboardRoutes(app, services);
  registerWhatsappRoutes(app, services);
  registerWhatsappContactsRoutes(app, services);
  registerFavouritesRoutes(app, services);
  registerChatsRoutes(app, services);
  await registerMediaRoutes(app, services);
  registerMessageActionsRoutes(app, services);
  await registerRealtimeRoutes(app, services);
  await registerWebhookRoutes(app, {
    accounts: createWebhookAccounts(services.accounts, services.secretKey),
    unsigned: services.accounts,
    inbox: services.inbox,
    maxBytes: config.webhookMaxBytes,
    onStored: (accountId) => void services.inboxWorker.wake(accountId),
  });
  await registerWebApp(app, config.webDistDir);
  return app;
}
