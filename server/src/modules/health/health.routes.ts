import { isDatabaseReachable } from "../../db/database.js";
import type { App } from "../../http/types.js";
import type { Services } from "../../services.js";

const startedAt = Date.now();

export function registerHealthRoutes(app: App, services: Pick<Services, "database">) {
  app.get("/api/health", async () => ({
    status: "ok",
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  }));

  app.get("/api/ready", async (_request, reply) => {
    const database = await isDatabaseReachable(services.database.db);
    const body = {
      status: database ? "ready" : "unavailable",
      checks: { database: database ? "ok" : "unreachable" },
    };
    return reply.status(database ? 200 : 503).send(body);
  });
}
