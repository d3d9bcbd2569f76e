import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a migrated + seeded PGlite `dumpDataDir` tarball (when no TEST_DATABASE_URL). */
    pgliteSnapshot: string;
    /** With TEST_DATABASE_URL: the server URL and the name of the migrated + seeded template database. */
    postgresTemplate: { serverUrl: string; template: string; prefix: string } | null;
  }
}
