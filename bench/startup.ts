import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { type Figure, higher, lower, ms } from "./lib.js";
import { startServerProcess } from "./server-process.js";

/** Cold start (empty and existing data dir), memory after start, and sign-in throughput. */
export async function benchStartup(): Promise<Figure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "parley-bench-"));
  const port = 18_080;
  try {
    const empty = await startServerProcess({ dataDir, port });
    await empty.stop();
    const existing = await startServerProcess({ dataDir, port });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rss = existing.rssMb();

    const login = await autocannon({
      url: `http://127.0.0.1:${port}/api/auth/login`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "alice", password: "parley-demo" }),
      connections: 8,
      duration: 5,
    });
    const health = await autocannon({
      url: `http://127.0.0.1:${port}/api/health`,
      connections: 20,
      duration: 3,
    });
    await existing.stop();
    return [
      {
        name: "Cold start to ready, empty data dir (embedded database: create, migrate, seed)",
        value: ms(empty.readyMs),
        goal: "< 10 s",
        measures: [lower("cold-start-empty", empty.readyMs, "ms")],
      },
      {
        name: "Cold start to ready, existing data dir",
        value: ms(existing.readyMs),
        goal: "< 3 s",
        measures: [lower("cold-start-existing", existing.readyMs, "ms")],
      },
      {
        name: "Server RSS after start (embedded database + simulator)",
        value: `${rss.toFixed(0)} MB`,
        goal: "< 600 MB",
        measures: [lower("server-rss-after-start", rss, "MB")],
      },
      {
        name: "Sign-ins per second (argon2id verify + session insert), 8 connections",
        value: `${login.requests.average.toFixed(0)} req/s (p99 ${login.latency.p99} ms, ${login.non2xx} non-2xx)`,
        goal: "> 20 req/s",
        ratio: `${((login.requests.average / health.requests.average) * 100).toFixed(2)}% of GET /api/health (${health.requests.average.toFixed(0)} req/s)`,
        measures: [higher("sign-ins", login.requests.average, "req/s")],
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
