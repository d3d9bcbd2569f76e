import type { AddressInfo } from "node:net";
import { createTestApp } from "./app.js";

/**
 * A real HTTP server on 127.0.0.1 (random port) with its own database, serving the built web app:
 * what browser tests drive.
 */
export async function startTestServer(options: { env?: Record<string, string> } = {}) {
  const testApp = await createTestApp(options.env);
  await testApp.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = testApp.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, services: testApp.services, close: () => testApp.close() };
}
