import fastifyWebsocket from "@fastify/websocket";
import type { App } from "../../http/types.js";
import { AppError } from "../../lib/errors.js";
import type { RealtimeHub } from "./hub.js";

const PING_INTERVAL_MS = 25_000;

/**
 * `GET /api/ws`: one WebSocket per tab, authenticated by the session cookie (the session hook has
 * already run). A handshake from another site is refused, like any cross-site write.
 */
export async function registerRealtimeRoutes(app: App, deps: { hub: RealtimeHub }) {
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });

  app.route({
    method: "GET",
    url: "/api/ws",
    // A plain request without the upgrade gets an answer in the usual error shape.
    handler: async (_request, reply) => {
      reply.header("upgrade", "websocket");
      throw new AppError(426, "websocket_only", "This address takes WebSocket connections only");
    },
    wsHandler: (socket, request) => {
      const origin = request.headers.origin;
      if (origin && safeHostname(origin) !== safeHostname(`http://${request.host}`)) {
        socket.close(4403, "cross-site connection refused");
        return;
      }
      const user = request.user;
      if (!user) {
        socket.close(4401, "sign in first");
        return;
      }
      deps.hub.join(user.id, socket);
      socket.send(JSON.stringify({ type: "hello", userId: user.id, serverTime: new Date().toISOString() }));
      // Keeps proxies from closing an idle connection and finds dead peers.
      let alive = true;
      socket.on("pong", () => {
        alive = true;
      });
      const ping = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, PING_INTERVAL_MS);
      socket.on("close", () => clearInterval(ping));
      // Clients only listen; anything they send is ignored.
      socket.on("message", () => {});
    },
  });
}

function safeHostname(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}
