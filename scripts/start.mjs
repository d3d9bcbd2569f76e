#!/usr/bin/env node
// `npm start`: builds what is missing or out of date, then runs the server in this process.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = (...parts) => path.join(root, ...parts);

/** Newest modification time under the given files and folders (0 when none exist). */
function newest(paths) {
  let latest = 0;
  const visit = (target) => {
    if (!existsSync(target)) return;
    const stats = statSync(target);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(target))
        if (entry !== "node_modules" && entry !== "dist") visit(path.join(target, entry));
    } else latest = Math.max(latest, stats.mtimeMs);
  };
  paths.forEach(visit);
  return latest;
}

const builds = [
  {
    workspace: "wuzapi-sim",
    output: at("wuzapi-sim/dist/index.js"),
    sources: [at("wuzapi-sim/src"), at("wuzapi-sim/tsconfig.json")],
  },
  {
    workspace: "server",
    output: at("server/dist/main.js"),
    sources: [at("server/src"), at("server/tsconfig.json")],
  },
  {
    workspace: "web",
    output: at("web/dist/index.html"),
    sources: [at("web/src"), at("web/index.html"), at("web/vite.config.ts")],
  },
];

for (const build of builds) {
  const built = existsSync(build.output) ? statSync(build.output).mtimeMs : 0;
  if (built >= newest(build.sources)) continue;
  process.stdout.write(`Building ${build.workspace}...\n`);
  const result = spawnSync("npm", ["run", "build", "--silent", "-w", build.workspace], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import(pathToFileURL(at("server/dist/main.js")).href);
