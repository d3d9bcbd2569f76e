import { isDatabaseReachable } from "../../db/database.js";
import type { App } from "../../http/types.js";
import type { Services } from "../../services.js";

const startedAt = Date.now();

export function registerHealthRoutes(app: App, services: Pick<Services, "database" | "directory">) {
  app.get("/api/health", async () => ({
    status: "ok",
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  }));

  app.get("/api/ready", async (_request, reply) => {
    const external = services.directory.kind === "mysql";
    const [database, directory] = await Promise.all([
      isDatabaseReachable(services.database.db),
      external ? services.directory.ping() : true,
    ]);
    const ready = database && directory;
    const body = {
      status: ready ? "ready" : "unavailable",
      checks: {
        database: database ? "ok" : "unreachable",
        // The organisation's MySQL directory, when it lives there (DATA_FEEDS_URL).
        ...(external && { directory: directory ? "ok" : "unreachable" }),
      },
    };
    return reply.status(ready ? 200 : 503).send(body);
  });
}
