import { ForbiddenError } from "../lib/errors.js";
import type { App } from "./types.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery defence in depth, on top of SameSite=Lax cookies and JSON-only
 * bodies: a state-changing /api request that names an Origin (or, failing that, a Referer) must
 * name this site's host. Ports are not compared: browsers share cookies across ports anyway. WuzAPI's webhooks are server-to-server, carry no cookie, and are exempt.
 */
export function registerCsrfGuard(app: App) {
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith("/api/")) return;
    if (request.url.startsWith("/api/webhooks/")) return;
    // Fetch metadata, where the browser sends it, says so even when Origin and Referer are stripped.
    if (request.headers["sec-fetch-site"] === "cross-site")
      throw new ForbiddenError("Cross-site request refused", "cross_site_request");
    const source = request.headers.origin ?? request.headers.referer;
    // No Origin and no Referer: not a browser (browsers send Origin on every cross-site write), so
    // not a forgery; SameSite=Lax keeps the cookie off cross-site writes anyway.
    if (!source) return;
    // request.host honours X-Forwarded-Host only when TRUST_PROXY is on (behind Traefik).
    if (hostnameOf(source) !== hostnameOf(`http://${request.host}`))
      throw new ForbiddenError("Cross-site request refused", "cross_site_request");
  });
}

function hostnameOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}
