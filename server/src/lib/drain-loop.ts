import type { Logger } from "pino";

/**
 * A background job that drains a queue: `wake()` runs a pass now, or once more right after the
 * pass in progress (work that came in meanwhile is not missed); once started, a pass also runs
 * every `pollMs`. A pass's errors are logged, never thrown. `stopped()` tells a pass to end early.
 */
export function createDrainLoop(options: {
  pass: () => Promise<void>;
  pollMs: number;
  logger: Logger;
  failure: string;
}) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  async function passes(): Promise<void> {
    do {
      again = false;
      await options.pass();
    } while (again && !stopped);
  }

  function wake(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = passes()
      .catch((error) => options.logger.error({ err: error }, options.failure))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    wake,
    stopped: () => stopped,
    start() {
      stopped = false;
      const tick = () => {
        void wake().finally(() => {
          if (!stopped) timer = setTimeout(tick, options.pollMs).unref();
        });
      };
      tick();
    },
    /** Resolves once no pass is running. */
    async settled(): Promise<void> {
      while (running) await running;
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
