import { compareMeasures, comparisonTable, TOLERANCE } from "./compare.js";
import { readResults, recordedMeasures } from "./results.js";
import { chooseSections, runSections } from "./sections.js";

/**
 * `npm run bench:check [-- <section>…]`: runs the benchmarks again (all, or the sections named)
 * without recording them, and fails when a figure is more than 30% worse than the one recorded in
 * bench/results.json.
 */
async function main() {
  const recorded = recordedMeasures(readResults());
  if (recorded.length === 0) throw new Error("nothing recorded yet: run `npm run bench` first");
  const { results, failed } = await runSections(chooseSections(process.argv.slice(2)));
  const now = results.flatMap((section) => section.figures.flatMap((figure) => figure.measures));
  const rows = compareMeasures(recorded, now);
  process.stdout.write(`${comparisonTable(rows)}\n`);
  const worse = rows.filter((row) => row.verdict === "worse");
  if (failed.length > 0) process.stdout.write(`\nFailed to run: ${failed.join(", ")}\n`);
  if (worse.length > 0)
    process.stdout.write(
      `\n${worse.length} figure(s) more than ${TOLERANCE * 100}% worse than recorded: ${worse.map((row) => row.id).join(", ")}\n`,
    );
  if (worse.length > 0 || failed.length > 0) process.exit(1);
  process.stdout.write(`\nNo figure is more than ${TOLERANCE * 100}% worse than recorded.\n`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
