import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { ConfigError } from "./lib/errors.js";

describe("loadConfig", () => {
  it("defaults to the embedded database under ./data on port 8080", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: "pglite", dataDir: expect.stringMatching(/data\/pglite$/) });
    expect(config.seedSampleData).toBe(true);
    expect(config.cookieSecure).toBe(false);
  });

  it("switches to PostgreSQL with DATABASE_URL and honours PORT and DATA_DIR", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://u@h/db", PORT: "9000", DATA_DIR: "/srv/parley" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u@h/db", poolSize: 10 });
    expect(config.port).toBe(9000);
    expect(config.dataDir).toBe("/srv/parley");
  });

  it("keeps the directory in Parley's database unless DATA_FEEDS_URL names a MySQL schema", () => {
    expect(loadConfig({}).dataFeeds).toBeNull();
    const url = "mysql://parley:secret@mysql:3306/data_feeds";
    expect(loadConfig({ DATA_FEEDS_URL: url }).dataFeeds).toEqual({ url });
  });

  it("lists every problem at once", () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        NODE_ENV: "production",
        PHONE_DEFAULT_REGION: "brazil",
        ADMIN_USERNAME: "root",
        DATA_FEEDS_URL: "postgres://h/data_feeds",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL: must be a postgres/);
    expect(problems).toMatch(/PHONE_DEFAULT_REGION/);
    expect(problems).toMatch(/SECRET_KEY: is required in production/);
    expect(problems).toMatch(/ADMIN_USERNAME and ADMIN_PASSWORD go together/);
    expect(problems).toMatch(/DATA_FEEDS_URL: must be a mysql:\/\/ URL/);
  });

  it("does not load the sample directory in production and secures cookies there", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      SECRET_KEY: "x".repeat(40),
      WUZAPI_URL: "http://wuzapi:8080",
      WUZAPI_ADMIN_TOKEN: "t".repeat(32),
    });
    expect(config.seedSampleData).toBe(false);
    expect(config.cookieSecure).toBe(true);
  });
});
