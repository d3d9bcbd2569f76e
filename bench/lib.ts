import { execSync } from "node:child_process";
import os from "node:os";

/** One number of a figure, kept in bench/results.json for `npm run bench:check` to compare against. */
export interface Measure {
  /** Stable across runs (the figure's name may carry run details). */
  id: string;
  value: number;
  unit: string;
  better: "lower" | "higher";
}

export interface Figure {
  name: string;
  value: string;
  goal: string;
  /** The figure compared with its peer or limit measured in the same run, when there is one. */
  ratio?: string;
  measures: Measure[];
}

export const lower = (id: string, value: number, unit: string): Measure => ({
  id,
  value,
  unit,
  better: "lower",
});
export const higher = (id: string, value: number, unit: string): Measure => ({
  id,
  value,
  unit,
  better: "higher",
});

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function postgresVersion(url: string | undefined): string {
  if (!url) return "PGlite (embedded)";
  try {
    return execSync(`psql "${url}" -Atc "show server_version"`, { encoding: "utf8" })
      .trim()
      .replace(/^/, "PostgreSQL ");
  } catch {
    return "PostgreSQL";
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms`);
}
