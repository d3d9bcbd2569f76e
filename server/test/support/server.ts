import { createTestApp } from "./app.js";

/**
 * A real HTTP server on 127.0.0.1 (random port) with its own database and simulator, serving the
 * built web app: what browser tests drive.
 */
export async function startTestServer(options: { env?: Record<string, string> } = {}) {
  const testApp = await createTestApp(options.env);
  return {
    url: testApp.parley.url,
    services: testApp.services,
    simulator: testApp.parley.simulator,
    close: () => testApp.close(),
  };
}
