import type { Logger } from "pino";
import type { Config } from "./config.js";
import type { DatabaseHandle } from "./db/database.js";
import { createAuditRepo } from "./modules/audit/audit.repo.js";
import { createAuthService } from "./modules/auth/auth.service.js";
import { createSessionRepo } from "./modules/auth/session.repo.js";
import { createContactsService } from "./modules/contacts/contacts.service.js";
import { createDashboardRepo } from "./modules/dashboard/dashboard.repo.js";
import { createDashboardService } from "./modules/dashboard/dashboard.service.js";
import type { Directory } from "./modules/directory/directory.js";
import { createSqlDirectory } from "./modules/directory/directory.repo.js";
import { createTagsService } from "./modules/tags/tags.service.js";
import { createUsersService } from "./modules/users/users.service.js";

export interface ServiceDeps {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  /** Defaults to the directory tables in Parley's own database. */
  directory?: Directory;
}

/** The composition root: every service with its dependencies, built once per process. */
export function createServices(deps: ServiceDeps) {
  const { config, database, logger } = deps;
  const directory = deps.directory ?? createSqlDirectory(database.db);
  const audit = createAuditRepo(database.db);
  const sessions = createSessionRepo(database.db);
  const auth = createAuthService({ directory, sessions, audit, config });
  return {
    config,
    logger,
    database,
    directory,
    audit,
    sessions,
    auth,
    users: createUsersService({ directory, audit, auth }),
    tags: createTagsService({ directory, audit }),
    contacts: createContactsService({ directory, audit, config }),
    dashboard: createDashboardService({ directory, audit, dashboard: createDashboardRepo(database.db) }),
  };
}

export type Services = ReturnType<typeof createServices>;
