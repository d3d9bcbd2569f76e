import { describe, expect, it } from "vitest";
import { compareMeasures, comparisonTable } from "./compare.js";
import { higher, lower } from "./lib.js";

describe("bench:check comparison", () => {
  it("fails a lower-is-better measure only beyond 30% above the recorded figure", () => {
    const recorded = [lower("p99", 100, "ms")];
    expect(compareMeasures(recorded, [lower("p99", 130, "ms")])[0]).toMatchObject({
      recorded: 100,
      limit: 130,
      verdict: "ok",
    });
    expect(compareMeasures(recorded, [lower("p99", 131, "ms")])[0]?.verdict).toBe("worse");
    expect(compareMeasures(recorded, [lower("p99", 20, "ms")])[0]?.verdict).toBe("ok");
  });

  it("fails a higher-is-better measure only beyond 30% below the recorded figure", () => {
    const recorded = [higher("rate", 1000, "events/s")];
    expect(compareMeasures(recorded, [higher("rate", 700, "events/s")])[0]).toMatchObject({
      limit: 700,
      verdict: "ok",
    });
    expect(compareMeasures(recorded, [higher("rate", 699, "events/s")])[0]?.verdict).toBe("worse");
    expect(compareMeasures(recorded, [higher("rate", 5000, "events/s")])[0]?.verdict).toBe("ok");
  });

  it("marks a measure with no recorded figure as new and leaves out recorded ones not run", () => {
    const rows = compareMeasures(
      [lower("old", 1, "ms"), lower("skipped", 5, "ms")],
      [lower("fresh", 9, "ms")],
    );
    expect(rows).toEqual([
      { id: "fresh", unit: "ms", better: "lower", recorded: null, now: 9, limit: null, verdict: "new" },
    ]);
  });

  it("honours another tolerance", () => {
    expect(compareMeasures([lower("p99", 100, "ms")], [lower("p99", 111, "ms")], 0.1)[0]?.verdict).toBe(
      "worse",
    );
  });

  it("prints recorded, now and the limit side by side, flagging the worse ones", () => {
    const table = comparisonTable(
      compareMeasures(
        [lower("search-p99", 400, "ms"), higher("ingest", 1000, "events/s")],
        [lower("search-p99", 900, "ms"), higher("ingest", 1100, "events/s")],
      ),
    );
    const [header, search, ingest] = table.split("\n");
    expect(header).toMatch(/^measure\s+recorded\s+now\s+limit$/);
    expect(search).toMatch(/^search-p99 \(ms, lower is better\)\s+400\s+900\s+≤ 520\s+WORSE$/);
    expect(ingest).toMatch(/^ingest \(events\/s, higher is better\)\s+1000\s+1100\s+≥ 700\s+ok$/);
  });
});
