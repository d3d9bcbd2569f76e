import type { ImportPreview } from "./import.service.js";

/** The command line's per-row report: one line per row, then what was (or would be) done. */
export function formatImportReport(result: ImportPreview & { inserted?: number }, dryRun: boolean): string {
  const lines = result.rows.map((row) => {
    const who = [row.contact.name || "(no name)", row.contact.phoneE164 ?? row.contact.phone]
      .filter(Boolean)
      .join("  ");
    const why = row.errors.length > 0 ? `  — ${row.errors.join("; ")}` : "";
    return `line ${String(row.line).padEnd(6)} ${row.status.padEnd(9)} ${who}${why}`;
  });
  const { total, create, duplicate, error } = result.counts;
  const outcome = dryRun
    ? `dry run: ${create} would be added, nothing was written`
    : `${result.inserted ?? 0} added`;
  return [
    ...lines,
    ...(result.ignoredColumns.length > 0 ? [`ignored columns: ${result.ignoredColumns.join(", ")}`] : []),
    ...(result.unknownTags.length > 0 ? [`tags not in the directory: ${result.unknownTags.join(", ")}`] : []),
    `${total} rows: ${create} new, ${duplicate} duplicates (skipped), ${error} with errors (skipped); ${outcome}`,
  ].join("\n");
}
