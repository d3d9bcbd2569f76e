import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "./attempt-limiter.js";

describe("AttemptLimiter", () => {
  it("blocks a key after the limit until the oldest failure leaves the window", () => {
    let now = 0;
    const limiter = new AttemptLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds("k")).toBe(0);
      limiter.fail("k");
      now += 1_000;
    }
    expect(limiter.retryAfterSeconds("k")).toBe(57);
    expect(limiter.retryAfterSeconds("other")).toBe(0);
    now = 60_001;
    expect(limiter.retryAfterSeconds("k")).toBe(0);
  });

  it("forgets a key on reset", () => {
    const limiter = new AttemptLimiter(1, 60_000, () => 0);
    limiter.fail("k");
    expect(limiter.retryAfterSeconds("k")).toBeGreaterThan(0);
    limiter.reset("k");
    expect(limiter.retryAfterSeconds("k")).toBe(0);
  });
});
