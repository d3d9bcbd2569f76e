import type { FastifyBaseLogger } from "fastify";
import type { ResolvedOptions } from "./options.js";
import { MediaStore } from "./phones/media-store.js";
import { PhoneRegistry } from "./phones/phone-registry.js";
import { MessageHistory } from "./store/message-history.js";
import type { UserRecord } from "./store/user-record.js";
import { UserStore } from "./store/user-store.js";
import { Timers } from "./util/timers.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";
import { EventSink } from "./webhooks/event-sink.js";

/** Injected failures for fault tests. */
export type Faults = {
  /** Added to every WuzAPI response. */
  delayMs: number;
  /** WuzAPI itself is down: connections are dropped without an answer. */
  down: boolean;
  /** WhatsApp is unreachable: new clients never get a socket, so connect without Immediate fails. */
  whatsappDown: boolean;
};

/** The shared state and services every part of the simulator works with. */
export type SimulatorContext = {
  options: ResolvedOptions;
  log: FastifyBaseLogger;
  users: UserStore;
  /**
   * WuzAPI caches token → user in memory with no expiry, and a plain admin DELETE does not drop the
   * entry: the token keeps working. This map reproduces that.
   */
  tokenCache: Map<string, UserRecord>;
  dispatcher: WebhookDispatcher;
  sink: EventSink;
  media: MediaStore;
  history: MessageHistory;
  phones: PhoneRegistry;
  timers: Timers;
  faults: Faults;
  startedAt: number;
};

export function createContext(options: ResolvedOptions, log: FastifyBaseLogger): SimulatorContext {
  const dispatcher = new WebhookDispatcher(options.timings, log);
  return {
    options,
    log,
    users: new UserStore(options.dataFile),
    tokenCache: new Map(),
    dispatcher,
    sink: new EventSink(options.webhookFormat, dispatcher),
    media: new MediaStore(),
    history: new MessageHistory(),
    phones: new PhoneRegistry(options.seed),
    timers: new Timers(log),
    faults: { delayMs: 0, down: false, whatsappDown: false },
    startedAt: Date.now(),
  };
}
