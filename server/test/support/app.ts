import type { SimulatorControl } from "@parley/wuzapi-sim";
import type { HTTPMethods, LightMyRequestResponse } from "fastify";
import pino from "pino";
import { SESSION_COOKIE } from "../../src/http/session-auth.js";
import type { App } from "../../src/http/types.js";
import { type Parley, type StartOptions, startParley } from "../../src/runtime.js";
import type { Services } from "../../src/services.js";
import { createTestDatabase } from "./database.js";
import { testConfig } from "./test-config.js";

export interface TestApp {
  app: App;
  services: Services;
  parley: Parley;
  /** Signs in through the real login route and returns the session cookie header value. */
  login(username: string, password?: string): Promise<string>;
  /** An API call as a signed-in browser makes it: the session cookie and a JSON body. */
  call(cookie: string, method: HTTPMethods, url: string, payload?: object): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The embedded simulator's control API: every test app runs one. */
export function simulatorOf(t: { parley: Pick<Parley, "simulator"> }): SimulatorControl {
  const simulator = t.parley.simulator;
  if (!simulator) throw new Error("the test app runs without its simulator");
  return simulator.control;
}

export const SAMPLE_PASSWORD = "parley-demo";

/** Fast simulator timings for tests; a test may override them. */
export const TEST_SIMULATOR_TIMINGS = {
  qrIntervalMs: 400,
  qrCodes: 3,
  receiptDelayMs: 20,
  readDelayMs: 40,
  botReplyDelayMs: 50,
  webhookRetryDelayMs: 50,
  connectWaitMs: 200,
};

/** A whole Parley server on 127.0.0.1 (random port) with its own database and simulator. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestApp> {
  const config = testConfig(env);
  // A second instance on the same database passes that database in (multi-process tests).
  const database = options.database ?? (await createTestDatabase());
  const parley = await startParley(config, pino({ level: config.log.level }), {
    database,
    simulator: { timings: TEST_SIMULATOR_TIMINGS, ...options.simulator },
  });
  const { app, services } = parley;
  return {
    app,
    services,
    parley,
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
    call: (cookie, method, url, payload) =>
      app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) }),
    close: () => parley.close(),
  };
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie in the response");
  return cookie.value;
}
