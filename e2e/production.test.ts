import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminQuery, withDatabase } from "../server/test/global-setup";
import { chromiumPath, hasChromium, openBrowser, viewports } from "./support/browser";
import { signIn } from "./support/pages";

/**
 * Production mode without Docker, the way the containers run it: the compiled server twice
 * (NODE_ENV=production, real PostgreSQL, no sample data) and the standalone WuzAPI simulator in
 * place of WuzAPI. WuzAPI's webhooks go to process B only, as they would to any one replica; the
 * browser is on process A and must see the number link live (PostgreSQL LISTEN/NOTIFY).
 */

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const serverUrl = process.env.TEST_DATABASE_URL;
const skipReason = !serverUrl
  ? "TEST_DATABASE_URL is not set"
  : !hasChromium
    ? `no Chromium at ${chromiumPath}`
    : null;

if (skipReason && process.env.PARLEY_E2E === "required")
  throw new Error(`The production test is required (PARLEY_E2E=required), but ${skipReason}.`);

const ADMIN_TOKEN = randomBytes(24).toString("hex");
const ADMIN_PASSWORD = randomBytes(18).toString("base64url");

/** Builds the server and the simulator when their build is missing or older than their sources. */
function ensureBuilt() {
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => statSync(path.join(entry.parentPath, entry.name)).mtimeMs),
    );
  const stale = ["server", "wuzapi-sim"].some((workspace) => {
    const main = path.join(repoRoot, workspace, "dist", "main.js");
    return !existsSync(main) || statSync(main).mtimeMs < newest(path.join(repoRoot, workspace, "src"));
  });
  if (stale)
    execFileSync("npm", ["run", "build", "-w", "wuzapi-sim", "-w", "server"], {
      cwd: repoRoot,
      stdio: "inherit",
    });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

interface Started {
  url: string;
  process: ChildProcess;
  output: string[];
}

/** Runs `node <script>` with only the given environment and waits until `readyPath` answers 200. */
async function startNode(script: string, env: Record<string, string>, port: number, readyPath: string) {
  const child = spawn(process.execPath, [path.join(repoRoot, script)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started: Started = { url: `http://127.0.0.1:${port}`, process: child, output: [] };
  for (const stream of [child.stdout, child.stderr])
    stream?.on("data", (chunk) => started.output.push(String(chunk)));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${started.url}${readyPath}`, { headers: { authorization: ADMIN_TOKEN } }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${script} did not become ready:\n${started.output.join("")}`);
}

async function stop(started: Started | undefined) {
  if (!started || started.process.exitCode !== null) return;
  const exited = new Promise((resolve) => started.process.once("exit", resolve));
  started.process.kill("SIGTERM");
  const killer = setTimeout(() => started.process.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(killer);
}

describe.skipIf(skipReason !== null)(
  `production mode: two server processes and the standalone simulator${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    const database = `parley_production_${randomBytes(4).toString("hex")}`;
    let simulator: Started | undefined;
    let serverA: Started | undefined;
    let serverB: Started | undefined;

    beforeAll(async () => {
      ensureBuilt();
      await adminQuery(serverUrl as string, `create database ${database}`);
      const simulatorPort = await freePort();
      simulator = await startNode(
        "wuzapi-sim/dist/main.js",
        {
          SIM_PORT: String(simulatorPort),
          SIM_HOST: "127.0.0.1",
          WUZAPI_ADMIN_TOKEN: ADMIN_TOKEN,
          LOG_LEVEL: "warn",
        },
        simulatorPort,
        "/admin/users",
      );
      const [portA, portB] = [await freePort(), await freePort()];
      const serverEnv = {
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        DATABASE_URL: withDatabase(serverUrl as string, database),
        WUZAPI_URL: simulator.url,
        WUZAPI_ADMIN_TOKEN: ADMIN_TOKEN,
        SECRET_KEY: randomBytes(32).toString("hex"),
        ADMIN_USERNAME: "admin",
        ADMIN_PASSWORD,
        SEED_SAMPLE_DATA: "false",
        // WuzAPI reaches one replica: B. A never receives a webhook.
        WEBHOOK_BASE_URL: `http://127.0.0.1:${portB}`,
        // Plain HTTP on loopback; production would otherwise send the cookie over HTTPS only.
        COOKIE_SECURE: "false",
        LOG_LEVEL: "warn",
      };
      // A first: it migrates the empty database and creates the administrator.
      serverA = await startNode(
        "server/dist/main.js",
        { ...serverEnv, PORT: String(portA) },
        portA,
        "/api/ready",
      );
      serverB = await startNode(
        "server/dist/main.js",
        { ...serverEnv, PORT: String(portB) },
        portB,
        "/api/ready",
      );
    }, 240_000);

    afterAll(async () => {
      await Promise.all([stop(serverA), stop(serverB)]);
      await stop(simulator);
      if (serverUrl) await adminQuery(serverUrl, `drop database if exists ${database} with (force)`);
    });

    const simulatorCall = async (method: string, route: string, body?: object) => {
      const response = await fetch(`${simulator?.url}${route}`, {
        method,
        headers: { authorization: ADMIN_TOKEN, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(response.status, `${method} ${route}`).toBe(200);
      return (await response.json()) as { data: unknown };
    };

    /** How many webhook requests a process answered, from its own /api/metrics. */
    const webhooksAnswered = async (server: Started | undefined) => {
      const text = await (await fetch(`${server?.url}/api/metrics`)).text();
      return [
        ...text.matchAll(
          /^parley_http_requests_total\{method="POST",route="\/api\/webhooks\/wuzapi\/:secret",[^}]*\} (\d+)$/gm,
        ),
      ]
        .map((match) => Number(match[1]))
        .reduce((sum, count) => sum + count, 0);
    };

    it("signs in on A, links a number, and sees it connected and a new message live although the webhooks went to B", async () => {
      const url = serverA?.url as string;
      const browser = await openBrowser(viewports.desktop);
      const { page } = browser;
      try {
        await page.goto(`${url}/login?next=%2Fwhatsapp`);
        await signIn(page, "admin", ADMIN_PASSWORD);
        await page.waitForURL(`${url}/whatsapp`);
        await page.getByRole("button", { name: "Connect", exact: true }).click();
        await page.getByRole("img", { name: "WhatsApp linking QR code" }).waitFor();
        // No demo button in production: the phone "scans" through the simulator's control API.
        expect(await page.getByRole("button", { name: "Simulate scan" }).count()).toBe(0);

        const users = (await simulatorCall("GET", "/admin/users")).data as Array<{
          id: string;
          webhook: string;
        }>;
        expect(users).toHaveLength(1);
        const wuzapiUser = users[0] as { id: string; webhook: string };
        expect(wuzapiUser.webhook.startsWith(`${serverB?.url}/api/webhooks/wuzapi/`)).toBe(true);
        await simulatorCall("POST", `/_sim/users/${wuzapiUser.id}/scan`, { pushName: "Production Phone" });

        await page.getByText("Connected", { exact: true }).first().waitFor({ timeout: 15_000 });
        await page
          .getByText(/\+\d{1,3} \d{2,3} \d{3,5}-\d{4}/)
          .first()
          .waitFor();

        // A message from a contact reaches B as a webhook and appears live in A's chat list.
        await page.goto(`${url}/chats`);
        await page.getByPlaceholder("Search names and messages").waitFor();
        const phone = (await simulatorCall("GET", `/_sim/users/${wuzapiUser.id}`)).data as {
          peers: Array<{ number: string }>;
        };
        const sender = phone.peers[0]?.number;
        const text = `Order 4711 is ready for pickup (${Date.now()})`;
        await simulatorCall("POST", `/_sim/users/${wuzapiUser.id}/inbound`, { from: sender, text });
        await page.getByText(text).first().waitFor({ timeout: 15_000 });

        expect(await webhooksAnswered(serverB)).toBeGreaterThan(0);
        expect(await webhooksAnswered(serverA)).toBe(0);
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
