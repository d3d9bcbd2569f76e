import type { FastifyBaseLogger } from "fastify";
import type { Timings } from "../options.js";
import type { WebhookRequest } from "./request.js";

export type WebhookStats = { delivered: number; failed: number; pending: number };

type Job = { url: string; request: WebhookRequest };
type UserQueue = { jobs: Job[]; running: boolean; stats: WebhookStats };

/**
 * Posts webhooks one user at a time, in order. A non-2xx answer or a network error is retried with a
 * doubling delay, like WuzAPI's retry loop; after the last attempt the event is dropped and counted.
 */
export class WebhookDispatcher {
  private readonly queues = new Map<string, UserQueue>();
  private readonly closing = new AbortController();
  private readonly idleWaiters = new Set<() => void>();

  constructor(
    private readonly timings: Pick<Timings, "webhookRetries" | "webhookRetryDelayMs" | "webhookTimeoutMs">,
    private readonly log: FastifyBaseLogger,
  ) {}

  enqueue(userId: string, url: string, request: WebhookRequest): void {
    if (this.closing.signal.aborted) return;
    const queue = this.queueFor(userId);
    queue.jobs.push({ url, request });
    queue.stats.pending++;
    if (!queue.running) void this.drain(userId, queue);
  }

  stats(userId?: string): WebhookStats {
    if (userId !== undefined) return { ...(this.queues.get(userId)?.stats ?? emptyStats()) };
    const total = emptyStats();
    for (const { stats } of this.queues.values()) {
      total.delivered += stats.delivered;
      total.failed += stats.failed;
      total.pending += stats.pending;
    }
    return total;
  }

  /** Resolves once nothing is queued or in flight (tests and benchmarks wait on it). */
  idle(): Promise<void> {
    if (this.stats().pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  close(): void {
    this.closing.abort();
    for (const queue of this.queues.values()) {
      queue.stats.pending -= queue.jobs.length;
      queue.jobs.length = 0;
    }
    this.notifyIdle();
  }

  private queueFor(userId: string): UserQueue {
    let queue = this.queues.get(userId);
    if (!queue) {
      queue = { jobs: [], running: false, stats: emptyStats() };
      this.queues.set(userId, queue);
    }
    return queue;
  }

  private async drain(userId: string, queue: UserQueue): Promise<void> {
    queue.running = true;
    for (let job = queue.jobs.shift(); job; job = queue.jobs.shift()) {
      const delivered = await this.deliver(userId, job);
      if (this.closing.signal.aborted) break;
      queue.stats.pending--;
      if (delivered) queue.stats.delivered++;
      else queue.stats.failed++;
      this.notifyIdle();
    }
    queue.running = false;
  }

  private async deliver(userId: string, { url, request }: Job): Promise<boolean> {
    for (let attempt = 0; attempt < this.timings.webhookRetries; attempt++) {
      if (attempt > 0 && !(await this.sleep(this.timings.webhookRetryDelayMs * 2 ** (attempt - 1))))
        return false;
      const outcome = await this.post(url, request);
      if (outcome === "ok") return true;
      this.log.warn({ userId, url, attempt: attempt + 1, outcome }, "webhook attempt failed");
      if (this.closing.signal.aborted) return false;
    }
    this.log.error({ userId, url }, "webhook dropped after all retries");
    return false;
  }

  private async post(url: string, request: WebhookRequest): Promise<string> {
    const headers: Record<string, string> = { "content-type": request.contentType };
    if (request.signature) headers["x-hmac-signature"] = request.signature;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: request.body,
        redirect: "follow",
        signal: AbortSignal.any([this.closing.signal, AbortSignal.timeout(this.timings.webhookTimeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? "ok" : `status ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** Resolves false when the dispatcher closes during the wait. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closing.signal.aborted) return resolve(false);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.closing.signal.removeEventListener("abort", onAbort);
        resolve(true);
      }, ms);
      this.closing.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private notifyIdle(): void {
    if (this.stats().pending !== 0) return;
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }
}

function emptyStats(): WebhookStats {
  return { delivered: 0, failed: 0, pending: 0 };
}
