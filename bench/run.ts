import { recordResults } from "./results.js";
import { chooseSections, runSections } from "./sections.js";

/**
 * `npm run bench [-- <section>…] [--note "<text>"]…`: runs the benchmarks (every section, or the
 * ones named) and records them in bench/results.json and bench/RESULTS.md; sections not run keep
 * their recorded figures. Notes describe the run (e.g. other load on the machine).
 */
async function main() {
  const args = process.argv.slice(2);
  const notes: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--note") notes.push(args[++i] ?? "");
    else names.push(args[i] as string);
  }
  const { results, failed } = await runSections(chooseSections(names));
  process.stdout.write(`${recordResults(results, notes)}\n`);
  if (failed.length > 0) process.stderr.write(`bench: not recorded (failed): ${failed.join(", ")}\n`);
  process.exit(failed.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
