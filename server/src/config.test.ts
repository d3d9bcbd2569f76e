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
    expect(config.inboxRetentionDays).toBe(7);
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
        INBOX_RETENTION_DAYS: "0",
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
    expect(problems).toMatch(/INBOX_RETENTION_DAYS/);
  });

  const production = {
    NODE_ENV: "production",
    SECRET_KEY: "q8X2mZr4Tn7Vb1Kc5Wd9Yf3Hg6Jp0Ls-Ue",
    WUZAPI_URL: "http://wuzapi:8080",
    WUZAPI_ADMIN_TOKEN: "9f3a71c0be24d58e6a1f",
  };

  it("does not load the sample directory in production and secures cookies there", () => {
    const config = loadConfig(production);
    expect(config.seedSampleData).toBe(false);
    expect(config.cookieSecure).toBe(true);
  });

  it("refuses to run in production with placeholder or guessable secrets", () => {
    const problemsWith = (env: Record<string, string>) => {
      try {
        loadConfig({ ...production, ...env });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(
      problemsWith({
        SECRET_KEY: "change-me-secret-key-at-least-32-characters",
        WUZAPI_ADMIN_TOKEN: "change-me-wuzapi-admin-token",
        ADMIN_USERNAME: "admin",
        ADMIN_PASSWORD: "parley-demo-password",
      }),
    ).toEqual([
      expect.stringMatching(/^SECRET_KEY: is a placeholder/),
      expect.stringMatching(/^WUZAPI_ADMIN_TOKEN: is a placeholder/),
      expect.stringMatching(/^ADMIN_PASSWORD: is a placeholder/),
    ]);
    expect(problemsWith({ SECRET_KEY: "x".repeat(40), METRICS_TOKEN: "1234512345123451" })).toEqual([
      expect.stringMatching(/^SECRET_KEY: is too easy to guess/),
      expect.stringMatching(/^METRICS_TOKEN: is too easy to guess/),
    ]);
    // Outside production the demo and tests keep their simple values.
    expect(() =>
      loadConfig({ ...production, NODE_ENV: "development", SECRET_KEY: "x".repeat(40) }),
    ).not.toThrow();
  });

  it("opens metrics to a token holder only when METRICS_TOKEN is set", () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: `${"m".repeat(8)}etrics-token` }).metricsToken).toBe(
      "mmmmmmmmetrics-token",
    );
  });

  it("reads several WuzAPI instances; WUZAPI_URL is the one called default", () => {
    const config = loadConfig({
      WUZAPI_URL: "http://wuzapi:8080",
      WUZAPI_INSTANCES: " east=http://wuzapi-east:8080 , west=https://wuzapi-west.internal ",
      WUZAPI_ADMIN_TOKEN: "a-long-shared-admin-token",
    });
    expect(config.wuzapi).toEqual([
      { name: "default", url: "http://wuzapi:8080", adminToken: "a-long-shared-admin-token" },
      { name: "east", url: "http://wuzapi-east:8080", adminToken: "a-long-shared-admin-token" },
      { name: "west", url: "https://wuzapi-west.internal", adminToken: "a-long-shared-admin-token" },
    ]);
    expect(loadConfig({}).wuzapi).toEqual([]);
  });

  it("names every bad WuzAPI instance", () => {
    let error: unknown;
    try {
      loadConfig({
        WUZAPI_INSTANCES:
          "Bad Name=http://x:1,east=not-a-url,default=http://y:1,west=http://w:1,west=http://w:2",
      });
    } catch (caught) {
      error = caught;
    }
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/"Bad Name" is not a valid instance name/);
    expect(problems).toMatch(/instance "east" needs an http\(s\) URL/);
    expect(problems).toMatch(/"default" is not a valid instance name/);
    expect(problems).toMatch(/instance "west" is listed twice/);
    expect(problems).toMatch(/WUZAPI_ADMIN_TOKEN: is required with WUZAPI_URL or WUZAPI_INSTANCES/);
  });
});
