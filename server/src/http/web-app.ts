import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import { NotFoundError } from "../lib/errors.js";
import type { App } from "./types.js";

export const DEFAULT_WEB_DIST = new URL("../../../web/dist", import.meta.url).pathname;

/**
 * Serves the built single-page app: hashed assets with long caching, and index.html for every
 * other GET outside /api so client-side routes survive a reload. Unknown /api routes stay JSON 404s.
 */
export async function registerWebApp(app: App, distDir: string | null) {
  const root = distDir ?? DEFAULT_WEB_DIST;
  const hasWebApp = existsSync(path.join(root, "index.html"));
  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      setHeaders(res, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
  } else {
    app.log.warn({ root }, "web app not built: run `npm run build -w web`; serving the API only");
  }

  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === "GET" && !request.url.startsWith("/api/") && request.url !== "/api";
    if (isPage && hasWebApp) {
      const hasExtension = path.extname(request.url.split("?")[0] ?? "") !== "";
      if (!hasExtension) return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    throw new NotFoundError(`No route for ${request.method} ${request.url.split("?")[0]}`);
  });
}
