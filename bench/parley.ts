import pino from "pino";
import { loadConfig } from "../server/src/config.js";
import { openDatabase } from "../server/src/db/database.js";
import { type Parley, startParley } from "../server/src/runtime.js";

/** A whole Parley server for a benchmark, on the bench database (or in-memory PGlite), quiet. */
export async function startBenchParley(databaseUrl: string | undefined): Promise<Parley> {
  const env: Record<string, string> = {
    NODE_ENV: "test",
    PORT: "0",
    LOG_LEVEL: "silent",
    SECRET_KEY: "bench-secret-key-bench-secret-key-0123",
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const config = loadConfig(env);
  const database = await openDatabase(
    config.database.kind === "pglite" ? { kind: "pglite", dataDir: null } : config.database,
  );
  return startParley(config, pino({ level: "silent" }), { database });
}

/** Signs in through the real route; returns the user id and the Cookie header value. */
export async function benchLogin(parley: Parley, username: string) {
  const response = await parley.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password: "parley-demo" },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${response.statusCode}`);
  return {
    userId: response.json().user.id as number,
    cookie: `parley_session=${response.cookies.find((cookie) => cookie.name === "parley_session")?.value}`,
  };
}
