import type { FastifyInstance } from "fastify";
import type { Services } from "../services.js";
import { goDuration } from "../util/go-time.js";
import { sendGoJson } from "./envelope.js";

/** The WuzAPI version this simulator follows (CONTRACT.md). */
export const WUZAPI_VERSION = "1.0.6";

/** GET /health: bare JSON, no authentication. */
export function registerHealthRoute(app: FastifyInstance, { context, sessions }: Services): void {
  app.get("/health", async (_request, reply) => {
    const clients = sessions.all();
    const memory = process.memoryUsage();
    const megabytes = (bytes: number) => Math.floor(bytes / 1024 / 1024);
    return sendGoJson(reply, 200, {
      status: "ok",
      timestamp: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      uptime: goDuration(Date.now() - context.startedAt),
      active_connections: clients.length,
      total_users: context.users.all().length,
      connected_users: clients.filter((client) => client.connected).length,
      logged_in_users: clients.filter((client) => client.loggedIn).length,
      memory_stats: {
        alloc_mb: megabytes(memory.heapUsed),
        total_alloc_mb: megabytes(memory.heapTotal),
        sys_mb: megabytes(memory.rss),
        num_gc: 0,
      },
      goroutines: clients.length,
      version: WUZAPI_VERSION,
    });
  });
}
