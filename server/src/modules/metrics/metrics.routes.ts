import { createHash, timingSafeEqual } from "node:crypto";
import { BlockList, isIPv4 } from "node:net";
import type { FastifyRequest } from "fastify";
import type { App } from "../../http/types.js";
import { ForbiddenError } from "../../lib/errors.js";
import type { Services } from "../../services.js";
import { countAccountsByState } from "./metrics.repo.js";
import { createCounter, createHistogram, PROMETHEUS_CONTENT_TYPE, renderGauge } from "./prometheus.js";

const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Loopback, RFC 1918, link-local and unique-local addresses: where Prometheus scrapes from. */
const privateNetworks = new BlockList();
for (const [network, prefix] of [
  ["127.0.0.0", 8],
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["169.254.0.0", 16],
] as const)
  privateNetworks.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const)
  privateNetworks.addSubnet(network, prefix, "ipv6");

function isPrivateAddress(address: string): boolean {
  const unmapped = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return privateNetworks.check(unmapped, isIPv4(unmapped) ? "ipv4" : "ipv6");
}

const digest = (value: string) => createHash("sha256").update(value).digest();

function hasMetricsToken(request: FastifyRequest, token: string | null): boolean {
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  return token !== null && given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * `GET /api/metrics` in Prometheus's text format, and the request counters behind it. Open to the
 * private network (the caller's address as `request.ip` reports it, so X-Forwarded-For counts only
 * with TRUST_PROXY) or to a `Authorization: Bearer <METRICS_TOKEN>` holder; Traefik does not route it.
 */
export function registerMetricsRoutes(
  app: App,
  services: Pick<Services, "config" | "database" | "inbox" | "hub">,
) {
  const requests = createCounter("parley_http_requests_total", "HTTP requests answered.");
  const durations = createHistogram(
    "parley_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    DURATION_BUCKETS_SECONDS,
  );

  app.addHook("onResponse", async (request, reply) => {
    // The route pattern, not the URL: ids in paths would make a series per chat.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? "unmatched",
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });

  app.get("/api/metrics", async (request, reply) => {
    if (!isPrivateAddress(request.ip) && !hasMetricsToken(request, services.config.metricsToken)) {
      throw new ForbiddenError(
        "Metrics are served to the private network, or with METRICS_TOKEN as a bearer token",
        "metrics_forbidden",
      );
    }
    const [inbox, accounts] = await Promise.all([
      services.inbox.pendingStats(),
      countAccountsByState(services.database.db),
    ]);
    const oldestAgeSeconds = inbox.oldestReceivedAt
      ? Math.max(0, (Date.now() - inbox.oldestReceivedAt.getTime()) / 1000)
      : 0;
    const lines = [
      ...requests.render(),
      ...durations.render(),
      ...renderGauge("parley_webhook_inbox_pending", "Webhook events stored and not yet processed.", [
        { value: inbox.pending },
      ]),
      ...renderGauge(
        "parley_webhook_inbox_oldest_pending_age_seconds",
        "Age of the oldest unprocessed webhook event (0 when none): the inbox's lag.",
        [{ value: oldestAgeSeconds }],
      ),
      ...renderGauge("parley_websocket_clients", "Browser tabs connected to this process.", [
        { value: services.hub.clientCount() },
      ]),
      ...renderGauge(
        "parley_whatsapp_accounts",
        "Linked WhatsApp accounts by state.",
        Object.entries(accounts).map(([state, value]) => ({ labels: { state }, value })),
      ),
    ];
    return reply
      .type(PROMETHEUS_CONTENT_TYPE)
      .header("cache-control", "no-store")
      .send(`${lines.join("\n")}\n`);
  });
}
