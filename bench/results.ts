import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Measure } from "./lib.js";
import { SECTIONS, type SectionResult } from "./sections.js";

const JSON_FILE = new URL("./results.json", import.meta.url);
const MARKDOWN_FILE = new URL("./RESULTS.md", import.meta.url);

/** bench/results.json: the recorded figures, machine-readable, that RESULTS.md is written from. */
export interface Results {
  sections: SectionResult[];
  /** Conditions of the run worth knowing when reading the figures (load, noise). */
  notes: string[];
}

export function readResults(): Results {
  if (!existsSync(JSON_FILE)) return { sections: [], notes: [] };
  return JSON.parse(readFileSync(JSON_FILE, "utf8")) as Results;
}

export const recordedMeasures = (results: Results): Measure[] =>
  results.sections.flatMap((section) => section.figures.flatMap((figure) => figure.measures));

/** Replaces the sections just run (keeping the others as recorded) and writes both files. */
export function recordResults(fresh: SectionResult[], notes: string[]): string {
  const previous = readResults();
  const byKey = new Map(previous.sections.map((section) => [section.key, section]));
  for (const section of fresh) byKey.set(section.key, section);
  const results: Results = {
    sections: SECTIONS.flatMap((section) => byKey.get(section.key) ?? []),
    notes: notes.length > 0 ? notes : previous.notes,
  };
  writeFileSync(JSON_FILE, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = resultsMarkdown(results);
  writeFileSync(MARKDOWN_FILE, markdown);
  return markdown;
}

function resultsMarkdown(results: Results): string {
  const runs = new Set(results.sections.map((section) => `${section.measuredAt} on ${section.machine}`));
  const lines = ["# Benchmark results", ""];
  if (runs.size === 1) lines.push(`Measured ${[...runs][0]}.`);
  else lines.push("Sections were measured in separate runs; each says when and where.");
  lines.push(
    "Run with `npm run bench` (after `npm run build`); each figure is one run, with its goal and, where",
    "there is one, the peer measured in the same run. `npm run bench:check` compares a new run with",
    "the figures recorded here (bench/results.json).",
    "",
  );
  for (const section of results.sections) {
    lines.push(`## ${section.title}`, "");
    if (runs.size > 1) lines.push(`Measured ${section.measuredAt} on ${section.machine}.`, "");
    lines.push("| figure | measured | goal | against |", "|---|---|---|---|");
    for (const figure of section.figures)
      lines.push(`| ${figure.name} | ${figure.value} | ${figure.goal} | ${figure.ratio ?? "—"} |`);
    lines.push("");
  }
  if (results.notes.length > 0) {
    lines.push("## Notes", "");
    for (const note of results.notes) lines.push(`- ${note}`);
    lines.push("");
  }
  return lines.join("\n");
}
