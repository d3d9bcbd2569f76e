import { currentUser, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import type { DashboardService } from "./dashboard.service.js";

export function registerDashboardRoutes(app: App, deps: { dashboard: DashboardService }) {
  app.get("/api/dashboard", { onRequest: requireUser }, async (request) =>
    deps.dashboard.forUser(currentUser(request)),
  );
}
