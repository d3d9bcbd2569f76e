import { ForbiddenError } from "../lib/errors.js";
import type { App } from "./types.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery defence in depth, on top of SameSite=Lax cookies and JSON-only
 * bodies: a state-changing /api request that names an Origin (or, failing that, a Referer) must
 * name this site. WuzAPI's webhooks are server-to-server, carry no cookie, and are exempt.
 */
export function registerCsrfGuard(app: App) {
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith("/api/")) return;
    if (request.url.startsWith("/api/webhooks/")) return;
    const source = request.headers.origin ?? request.headers.referer;
    if (!source) return;
    let sourceHost: string;
    try {
      sourceHost = new URL(source).host;
    } catch {
      throw new ForbiddenError("Cross-site request refused", "cross_site_request");
    }
    // request.host honours X-Forwarded-Host only when TRUST_PROXY is on (behind Traefik).
    if (sourceHost !== request.host)
      throw new ForbiddenError("Cross-site request refused", "cross_site_request");
  });
}
