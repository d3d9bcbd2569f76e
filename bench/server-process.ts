import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { waitFor } from "./lib.js";

const root = new URL("..", import.meta.url).pathname;
/** USER_HZ, 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** From spawn until /api/ready answered. */
  readyMs: number;
  rssMb(): number;
  /** CPU time the process has used so far (user + system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * The `npm start` build (server/dist) as a process of its own, as it runs in production: nothing
 * the benchmark does shares its event loop. Quiet apart from warnings.
 */
export async function startServerProcess(options: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, "server/dist/main.js")], {
    env: {
      ...process.env,
      DATA_DIR: options.dataDir,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitFor(async () => (await fetch(`${url}/api/ready`)).ok, 120_000);
  return {
    url,
    child,
    readyMs: performance.now() - started,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    cpuMs: () => {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses; clock ticks.
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Signs in over HTTP; returns the user id and the Cookie header value. */
export async function signIn(url: string, username: string) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "parley-demo" }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  const body = (await response.json()) as { user: { id: number } };
  return { userId: body.user.id, cookie: (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "" };
}
