import type { FastifyInstance } from "fastify";
import { createFastify, registerRoutes } from "./app.js";
import { createContext } from "./context.js";
import { createControl, type SimulatorControl } from "./control.js";
import { resolveOptions, type SimulatorOptions } from "./options.js";
import { createServices } from "./services.js";
import type { WebhookStats } from "./webhooks/dispatcher.js";

export type { Faults } from "./context.js";
export type {
  FaultsInput,
  HistorySyncInput,
  InboundInput,
  PhoneSendInput,
  ScanInput,
  ScanResult,
  SimulatorControl,
  TypingInput,
  UserSnapshot,
} from "./control.js";
export type { SimulatorOptions, Timings } from "./options.js";
export type { SyncSummary } from "./phones/history-sync.js";
export type { WebhookStats } from "./webhooks/dispatcher.js";

export type Simulator = {
  /** The Fastify instance serving WuzAPI's REST contract and the `/_sim` control API. */
  app: FastifyInstance;
  /** Starts listening (127.0.0.1 unless told otherwise) and returns the base URL. */
  listen(options: { port: number; host?: string }): Promise<string>;
  /** Stops timers and webhook delivery, writes the data file and closes the server. */
  close(): Promise<void>;
  /** The control API, in process. */
  control: SimulatorControl;
  /** Webhooks delivered, dropped after all retries, and still queued or in flight. */
  stats(): WebhookStats;
};

/** A WuzAPI look-alike with simulated phones behind it. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const resolved = resolveOptions(options);
  const app = createFastify(options.logger);
  const context = createContext(resolved, app.log);
  const services = createServices(context);
  const control = createControl(services);
  registerRoutes(app, services, control);
  services.sessions.restoreOnStartup();

  return {
    app,
    control,
    stats: () => context.dispatcher.stats(),
    async listen({ port, host = "127.0.0.1" }) {
      return app.listen({ port, host });
    },
    async close() {
      context.timers.cancelAll();
      context.dispatcher.close();
      context.users.flush();
      await app.close();
    },
  };
}
