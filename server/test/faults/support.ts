import { createServer, type Socket, connect as tcpConnect } from "node:net";
import { createSimulator, type SimulatorOptions } from "@parley/wuzapi-sim";
import { sql } from "kysely";
import { expect } from "vitest";
import type { Db } from "../../src/db/database.js";
import { TEST_SIMULATOR_TIMINGS } from "../support/app.js";

/** A test that needs PostgreSQL says so in its name when it is skipped. */
export const postgresUrl = process.env.TEST_DATABASE_URL;
export const needsPostgres = postgresUrl ? "" : " (skipped: TEST_DATABASE_URL is not set)";

/** How many of these WhatsApp message ids are stored for the account, and how many more than once. */
export async function storedCounts(db: Db, accountId: number, waIds: readonly string[]) {
  if (waIds.length === 0) return { stored: 0, duplicates: 0 };
  const rows = await db
    .selectFrom("message")
    .select(["wa_id", sql<number>`count(*)`.as("n")])
    .where("account_id", "=", accountId)
    .where("wa_id", "in", [...waIds])
    .groupBy("wa_id")
    .execute();
  return {
    stored: rows.length,
    duplicates: rows.reduce((sum, row) => sum + Number(row.n) - 1, 0),
  };
}

/** Reports the fault's tally and asserts exactly once: every message sent is stored, none twice. */
export async function expectStoredExactlyOnce(
  label: string,
  db: Db,
  accountId: number,
  sent: readonly string[],
): Promise<void> {
  const { stored, duplicates } = await storedCounts(db, accountId, sent);
  console.info(`[fault] ${label}: sent ${sent.length}, stored ${stored}, duplicates ${duplicates}`);
  expect(new Set(sent).size, "message ids sent are distinct").toBe(sent.length);
  expect({ sent: sent.length, stored, duplicates }).toEqual({
    sent: sent.length,
    stored: sent.length,
    duplicates: 0,
  });
}

/** A port nothing listens on right now (a server that must be reachable before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

export const SIMULATOR_ADMIN_TOKEN = "fault-tests-admin-token-0123456789";

/**
 * The simulator on its own, as WuzAPI runs beside Parley in production (not embedded in it): it can
 * be stopped and started again on the same port, and several server instances can use it.
 */
export async function startStandaloneSimulator(
  options: { port?: number; dataFile?: string; timings?: SimulatorOptions["timings"] } = {},
) {
  const sim = createSimulator({
    adminToken: SIMULATOR_ADMIN_TOKEN,
    webhookFormat: "json",
    ...(options.dataFile ? { dataFile: options.dataFile } : {}),
    timings: { ...TEST_SIMULATOR_TIMINGS, ...options.timings },
  });
  const url = await sim.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  return {
    sim,
    url,
    /** What a server needs to use this simulator as its WuzAPI. */
    env: { WUZAPI_URL: url, WUZAPI_ADMIN_TOKEN: SIMULATOR_ADMIN_TOKEN },
  };
}

/**
 * A TCP proxy to cut a server off from its database without stopping the shared database server:
 * `cut()` drops every open connection and refuses new ones until `restore()`.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(target.port, target.host);
    const pair = [client, upstream];
    const drop = () => {
      for (const socket of pair) {
        socket.destroy();
        sockets.delete(socket);
      }
    };
    for (const socket of pair) {
      sockets.add(socket);
      socket.on("error", drop);
      socket.on("close", drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    address: { host: "127.0.0.1", port: address.port },
    /** Connections open right now. */
    connections: () => sockets.size / 2,
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      cut = false;
    },
    async close() {
      this.cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
