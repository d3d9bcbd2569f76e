// Container healthcheck: the image has no curl, so Node asks the server itself.
// Usage: node healthcheck.mjs [path], default /api/health (liveness); /api/ready also checks the database.
const path = process.argv[2] ?? "/api/health";
const port = process.env.PORT ?? "8080";
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
