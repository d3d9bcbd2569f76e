import { describe, expect, it } from "vitest";
import { createKeyedQueue } from "./keyed-queue.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("keyed queue", () => {
  it("runs one piece of work at a time per key, in order, and different keys side by side", async () => {
    const exclusively = createKeyedQueue<number>();
    const log: string[] = [];
    const job = (key: number, name: string, ms: number) =>
      exclusively(key, async () => {
        log.push(`${name} start`);
        await tick(ms);
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([job(1, "a1", 30), job(1, "a2", 1), job(2, "b1", 5)]);
    expect(results).toEqual(["a1", "a2", "b1"]);
    // a2 waits for a1; b1 does not.
    expect(log.indexOf("a2 start")).toBeGreaterThan(log.indexOf("a1 end"));
    expect(log.indexOf("b1 end")).toBeLessThan(log.indexOf("a1 end"));
  });

  it("passes a failure to its caller and still runs what was queued after it", async () => {
    const exclusively = createKeyedQueue<string>();
    const failing = exclusively("k", async () => {
      throw new Error("boom");
    });
    const after = exclusively("k", async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    await expect(after).resolves.toBe("ran");
  });
});
