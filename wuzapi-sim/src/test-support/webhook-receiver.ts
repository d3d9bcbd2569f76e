import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// biome-ignore lint/suspicious/noExplicitAny: webhook and API bodies are free-form JSON that tests inspect field by field.
export type Json = any;

/** One POST the receiver got, with the event decoded from JSON or from the form's jsonData. */
export type Delivery = {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The event object (`type`, `event`, extras) plus `userID`/`instanceName`. */
  event: Json;
};

/** A webhook endpoint on 127.0.0.1 that records deliveries and can be told to fail. */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  /** Status for the next answers; 200 when empty. */
  private readonly plannedStatuses: number[] = [];
  private server: Server | undefined;
  attempts = 0;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = "";
      request.setEncoding("utf8");
      request.on("data", (chunk: string) => {
        body += chunk;
      });
      request.on("end", () => {
        this.attempts++;
        const status = this.plannedStatuses.shift() ?? 200;
        if (status === 200) this.deliveries.push(decode(request.url ?? "/", request.headers, body));
        response.statusCode = status;
        response.end(status === 200 ? "ok" : "nope");
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** The next `count` requests get `status`. */
  failNext(count: number, status = 500): void {
    for (let i = 0; i < count; i++) this.plannedStatuses.push(status);
  }

  events(type?: string): Json[] {
    return this.deliveries.map((delivery) => delivery.event).filter((event) => !type || event.type === type);
  }

  async waitFor(predicate: (event: Json) => boolean, timeoutMs = 5000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events().find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no matching webhook within ${timeoutMs} ms; got: ${this.events()
            .map((e) => e.type)
            .join(", ")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  waitForType(type: string, timeoutMs?: number): Promise<Json> {
    return this.waitFor((event) => event.type === type, timeoutMs);
  }

  clear(): void {
    this.deliveries.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function decode(path: string, headers: IncomingHttpHeaders, body: string): Delivery {
  if (String(headers["content-type"]).startsWith("application/json")) {
    return { path, headers, body, event: JSON.parse(body) };
  }
  const form = new URLSearchParams(body);
  const event = JSON.parse(form.get("jsonData") ?? "{}");
  return {
    path,
    headers,
    body,
    event: { ...event, userID: form.get("userID"), instanceName: form.get("instanceName") },
  };
}
