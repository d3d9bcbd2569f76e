import type { Measure } from "./lib.js";

/** How much worse than the recorded figure a measure may be before `npm run bench:check` fails. */
export const TOLERANCE = 0.3;

export interface Comparison {
  id: string;
  unit: string;
  better: Measure["better"];
  recorded: number | null;
  now: number;
  /** The worst value still accepted; null when nothing was recorded to compare with. */
  limit: number | null;
  verdict: "ok" | "worse" | "new";
}

/**
 * Compares this run's measures with the recorded ones: a "lower is better" measure fails above
 * recorded × (1 + tolerance), a "higher is better" one below recorded × (1 − tolerance).
 * Recorded measures this run did not take are left out (a subset was run).
 */
export function compareMeasures(recorded: Measure[], now: Measure[], tolerance = TOLERANCE): Comparison[] {
  const before = new Map(recorded.map((measure) => [measure.id, measure]));
  return now.map((measure) => {
    const old = before.get(measure.id);
    const base = { id: measure.id, unit: measure.unit, better: measure.better, now: measure.value };
    if (!old) return { ...base, recorded: null, limit: null, verdict: "new" };
    const limit = measure.better === "lower" ? old.value * (1 + tolerance) : old.value * (1 - tolerance);
    const worse = measure.better === "lower" ? measure.value > limit : measure.value < limit;
    return { ...base, recorded: old.value, limit, verdict: worse ? "worse" : "ok" };
  });
}

const number = (value: number | null) =>
  value === null ? "—" : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

/** A plain-text table: measure, recorded, now, limit, verdict. */
export function comparisonTable(rows: Comparison[]): string {
  const lines = [
    ["measure", "recorded", "now", "limit", ""],
    ...rows.map((row) => [
      `${row.id} (${row.unit}, ${row.better} is better)`,
      number(row.recorded),
      number(row.now),
      row.limit === null ? "—" : `${row.better === "lower" ? "≤" : "≥"} ${number(row.limit)}`,
      row.verdict === "worse" ? "WORSE" : row.verdict,
    ]),
  ];
  const widths =
    lines[0]?.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? "").length))) ?? [];
  return lines
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
