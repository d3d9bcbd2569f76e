import { createSimulator, type Simulator, type SimulatorOptions } from "../index.js";
import { type Json, WebhookReceiver } from "./webhook-receiver.js";

export const ADMIN_TOKEN = "admin-secret";

/** Short timings so tests run in milliseconds instead of WuzAPI's seconds. */
export const FAST_TIMINGS = {
  qrIntervalMs: 60,
  qrCodes: 3,
  receiptDelayMs: 20,
  readDelayMs: 20,
  botReplyDelayMs: 40,
  webhookRetryDelayMs: 10,
  webhookRetries: 3,
  webhookTimeoutMs: 2000,
  connectWaitMs: 50,
};

export type ApiResponse = { status: number; text: string; json: Json; headers: Headers };

export type Harness = {
  sim: Simulator;
  baseUrl: string;
  receiver: WebhookReceiver;
  webhookUrl: string;
  request(
    method: string,
    path: string,
    options?: { token?: string; admin?: boolean; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  /** Creates a WuzAPI user with the receiver as webhook. */
  createUser(fields?: Record<string, unknown>): Promise<{ id: string; token: string }>;
  /** Creates a user, connects with `events`, scans the QR code and waits for the history sync. */
  pairedUser(options?: { events?: string[]; fields?: Record<string, unknown>; phone?: string }): Promise<{
    id: string;
    token: string;
    number: string;
  }>;
  close(): Promise<void>;
};

let userCounter = 0;

/** Starts a simulator on 127.0.0.1; a receiver passed in is shared (and left open on close). */
export async function startHarness(
  options: Partial<SimulatorOptions> = {},
  sharedReceiver?: { receiver: WebhookReceiver; webhookUrl: string },
): Promise<Harness> {
  const receiver = sharedReceiver?.receiver ?? new WebhookReceiver();
  const webhookUrl = sharedReceiver?.webhookUrl ?? (await receiver.start());
  const sim = createSimulator({
    adminToken: ADMIN_TOKEN,
    ...options,
    timings: { ...FAST_TIMINGS, ...options.timings },
  });
  const baseUrl = await sim.listen({ port: 0 });

  const request: Harness["request"] = async (method, path, { token, admin, body, headers = {} } = {}) => {
    const allHeaders: Record<string, string> = { ...headers };
    if (token !== undefined) allHeaders.token = token;
    if (admin) allHeaders.authorization = ADMIN_TOKEN;
    if (body !== undefined) allHeaders["content-type"] ??= "application/json";
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: allHeaders,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: Json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, headers: response.headers };
  };

  const createUser: Harness["createUser"] = async (fields = {}) => {
    const token = `token-${++userCounter}-${Math.random().toString(36).slice(2)}`;
    const response = await request("POST", "/admin/users", {
      admin: true,
      body: { name: `user${userCounter}`, token, webhook: webhookUrl, ...fields },
    });
    if (response.status !== 201) throw new Error(`create user failed: ${response.text}`);
    return { id: response.json.data.id, token: response.json.data.token };
  };

  const pairedUser: Harness["pairedUser"] = async ({ events = ["All"], fields, phone } = {}) => {
    const user = await createUser(fields);
    const connect = await request("POST", "/session/connect", {
      token: user.token,
      body: { Subscribe: events, Immediate: true },
    });
    if (connect.status !== 200) throw new Error(`connect failed: ${connect.text}`);
    await waitUntil(() => sim.control.user(user.id).connected);
    const scanned = sim.control.scan(user.id, phone ? { phone } : {});
    await sim.control.webhooksIdle();
    return { ...user, number: scanned.number };
  };

  return {
    sim,
    baseUrl,
    receiver,
    webhookUrl,
    request,
    createUser,
    pairedUser,
    async close() {
      await sim.close();
      if (!sharedReceiver) await receiver.close();
    },
  };
}

export async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
