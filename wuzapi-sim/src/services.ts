import type { SimulatorContext } from "./context.js";
import { HistorySync } from "./phones/history-sync.js";
import { Messenger } from "./phones/messenger.js";
import { Sessions } from "./session/sessions.js";

/** The simulator's moving parts, wired together once and shared by the REST and control routes. */
export type Services = {
  context: SimulatorContext;
  sessions: Sessions;
  messenger: Messenger;
  historySync: HistorySync;
};

export function createServices(context: SimulatorContext): Services {
  const historySync = new HistorySync(context);
  const sessions = new Sessions(context, (user, phone) => historySync.initial(user, phone));
  const messenger = new Messenger(context, sessions);
  return { context, sessions, messenger, historySync };
}
