import type { FastifyBaseLogger } from "fastify";

/**
 * Every delayed action of the simulator (QR rotation, receipts, bot replies) goes through here, so
 * close() cancels them all and a failing callback is logged instead of crashing the process.
 */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly log: FastifyBaseLogger) {}

  after(ms: number, action: () => void | Promise<void>): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      this.run(action);
    }, ms);
    this.pending.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer);
    this.pending.delete(timer);
  }

  /** Runs an action soon, outside the current request. */
  soon(action: () => void | Promise<void>): void {
    this.after(0, action);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  private run(action: () => void | Promise<void>): void {
    try {
      const result = action();
      if (result instanceof Promise)
        result.catch((error: unknown) => this.log.error({ err: error }, "timer failed"));
    } catch (error) {
      this.log.error({ err: error }, "timer failed");
    }
  }
}
