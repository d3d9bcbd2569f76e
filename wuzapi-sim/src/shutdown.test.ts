import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startHarness } from "./test-support/harness.js";

describe("shutdown", () => {
  it("closes at once while the delay fault holds a request, dropping its connection", async () => {
    const h = await startHarness();
    h.sim.control.faults({ delayMs: 60_000 });
    const held = fetch(`${h.baseUrl}/admin/users`, {
      headers: { authorization: ADMIN_TOKEN },
      signal: AbortSignal.timeout(20_000),
    }).then(
      (response) => `status ${response.status}`,
      (error: Error) => error.name,
    );
    // The request is in the delay before close starts.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const startedAt = Date.now();
    await h.close();
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    // The client sees a dropped connection, not a timeout 20 s later.
    expect(await held).toBe("TypeError");
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });
});
