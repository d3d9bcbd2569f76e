import type { LightMyRequestResponse } from "fastify";
import pino from "pino";
import { buildApp } from "../../src/app.js";
import { SESSION_COOKIE } from "../../src/http/session-auth.js";
import type { App } from "../../src/http/types.js";
import { createServices, type Services } from "../../src/services.js";
import { createTestDatabase } from "./database.js";
import { testConfig } from "./test-config.js";

export interface TestApp {
  app: App;
  services: Services;
  /** Signs in through the real login route and returns the session cookie header value. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export const SAMPLE_PASSWORD = "parley-demo";

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const database = await createTestDatabase();
  const services = createServices({ config, database, logger: pino({ level: config.log.level }) });
  const app = await buildApp(services);
  await app.ready();
  return {
    app,
    services,
    async login(username, password = SAMPLE_PASSWORD) {
      const response = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`login as ${username} failed: ${response.statusCode} ${response.body}`);
      return `${SESSION_COOKIE}=${sessionCookieOf(response)}`;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie in the response");
  return cookie.value;
}
