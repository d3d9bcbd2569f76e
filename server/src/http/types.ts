import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { CurrentUser } from "../modules/auth/auth.service.js";

/** The Fastify instance every route module registers on: zod schemas type the handlers. */
export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user, set by the session hook for /api requests with a valid cookie. */
    user: CurrentUser | null;
    sessionToken: string | null;
  }
}
