import { defineConfig } from "vitest/config";

// Two cores: keep workers few. PGlite instances are ~300 MB each even from a snapshot.
export default defineConfig({
  resolve: {
    // Tests run the simulator from source; production code imports its build.
    alias: { "@parley/wuzapi-sim": new URL("./wuzapi-sim/src/index.ts", import.meta.url).pathname },
  },
  test: {
    reporters: ["default", "./scripts/vitest-summary-reporter.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "sim",
          include: ["wuzapi-sim/src/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "server",
          include: [
            "server/src/**/*.test.ts",
            "server/test/**/*.test.ts",
            "deploy/**/*.test.ts",
            "bench/**/*.test.ts",
          ],
          globalSetup: ["server/test/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          globalSetup: ["server/test/global-setup.ts", "e2e/support/global-setup.ts"],
          maxWorkers: 1,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
