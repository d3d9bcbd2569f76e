import WebSocket from "ws";

/** A browser-like WebSocket client for one session that records every event it receives. */
export async function openRealtime(baseUrl: string, cookie: string) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/ws`, { headers: { cookie } });
  const events: Array<{ type: string; [field: string]: unknown }> = [];
  socket.on("message", (data) => events.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return {
    events,
    socket,
    /** Waits until an event matching `predicate` has arrived. */
    async waitFor(
      predicate: (event: { type: string; [field: string]: unknown }) => boolean,
      timeoutMs = 5_000,
    ) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = events.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no matching realtime event; got ${JSON.stringify(events.map((e) => e.type))}`);
    },
    close: () => socket.close(),
  };
}

/** Polls `check` until it returns a truthy value (webhooks and the inbox worker are asynchronous). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
}
