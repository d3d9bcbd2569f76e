import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumPath, hasChromium } from "./browser";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const webDir = path.join(repoRoot, "web");
const builtIndex = path.join(webDir, "dist", "index.html");

/** Newest modification time among the web app's sources (src/, index.html, configs). */
function newestSourceTime(): number {
  const files = [
    path.join(webDir, "index.html"),
    path.join(webDir, "vite.config.ts"),
    path.join(webDir, "package.json"),
    ...readdirSync(path.join(webDir, "src"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name)),
    ...readdirSync(path.join(webDir, "public"), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name)),
  ];
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

/**
 * Runs once before the browser tests: checks for Chromium and builds the web app when its
 * build is missing or older than its sources (the test server serves web/dist).
 */
export default function setup() {
  if (!hasChromium) {
    const reason = `Chromium not found at ${chromiumPath} (install it with apt, or set CHROMIUM_PATH)`;
    if (process.env.PARLEY_E2E === "required") {
      throw new Error(`Browser tests are required (PARLEY_E2E=required), but ${reason}.`);
    }
    console.warn(`\n  Skipping the browser tests: ${reason}.\n`);
    return;
  }
  if (!existsSync(builtIndex) || statSync(builtIndex).mtimeMs < newestSourceTime()) {
    console.log("Building the web app for the browser tests…");
    // Vitest sets NODE_ENV=test, which would bundle React's development build.
    execFileSync("npm", ["run", "build", "-w", "web"], {
      cwd: repoRoot,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
  }
}
