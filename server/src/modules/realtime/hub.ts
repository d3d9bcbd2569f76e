import type { WebSocket } from "ws";
import type { EventBus, RealtimeEvent } from "./event-bus.js";

/** userId 0 on the bus means "every user" (e.g. after the listener reconnected). */
const EVERYONE = 0;

/**
 * The open WebSockets of this process, grouped by user: each user has a room, and an event for a
 * user goes to every tab that user has open, never to anyone else's.
 */
export function createRealtimeHub(bus: EventBus) {
  const rooms = new Map<number, Set<WebSocket>>();

  const deliver = (socket: WebSocket, event: RealtimeEvent) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
  };

  const unsubscribe = bus.subscribe((userId, event) => {
    const targets =
      userId === EVERYONE ? [...rooms.values()].flatMap((room) => [...room]) : [...(rooms.get(userId) ?? [])];
    for (const socket of targets) deliver(socket, event);
  });

  return {
    join(userId: number, socket: WebSocket) {
      const room = rooms.get(userId) ?? new Set<WebSocket>();
      room.add(socket);
      rooms.set(userId, room);
      socket.once("close", () => {
        room.delete(socket);
        if (room.size === 0) rooms.delete(userId);
      });
    },
    /** Sends events to one user's open tabs, in this process and every other one. */
    publish: (userId: number, ...events: RealtimeEvent[]) => bus.publish(userId, ...events),
    clientCount: () => [...rooms.values()].reduce((sum, room) => sum + room.size, 0),
    close() {
      unsubscribe();
      for (const room of rooms.values())
        for (const socket of room) socket.close(1001, "server shutting down");
      rooms.clear();
    },
  };
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
