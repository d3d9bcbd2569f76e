import type { RouteOptions } from "fastify";

/**
 * Every route Fastify registers in this test file, in order. A test file fills it by replacing
 * the fastify module (the factory must be written in the test file, where vi.mock is hoisted):
 *
 *   vi.mock("fastify", async (original) =>
 *     (await import("./support/route-log.js")).withRouteLog(await original()));
 *
 * Routes are then found as the app registers them, so a route added later is covered too.
 */
export const registeredRoutes: RouteOptions[] = [];

export function withRouteLog<T extends { default: (...args: never[]) => unknown }>(fastify: T): T {
  const factory = ((...args: Parameters<T["default"]>) => {
    const app = fastify.default(...args) as {
      addHook(name: "onRoute", hook: (route: RouteOptions) => void): void;
    };
    app.addHook("onRoute", (route) => {
      registeredRoutes.push(route);
    });
    return app;
  }) as T["default"];
  return { ...fastify, default: factory };
}

export interface ApiRoute {
  method: string;
  url: string;
  route: RouteOptions;
}

/** The /api routes registered so far, one per method (HEAD twins left out). */
export function apiRoutes(): ApiRoute[] {
  const found = new Map<string, ApiRoute>();
  for (const route of registeredRoutes) {
    if (!route.url.startsWith("/api/")) continue;
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") found.set(`${method} ${route.url}`, { method, url: route.url, route });
    }
  }
  return [...found.values()];
}
