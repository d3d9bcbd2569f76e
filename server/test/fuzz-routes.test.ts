import fc from "fast-check";
import type { HTTPMethods } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "../src/lib/password.js";
import { createTestApp, TEST_SIMULATOR_TIMINGS, type TestApp } from "./support/app.js";
import { type DataFingerprint, dataFingerprint, settledFingerprint } from "./support/data-fingerprint.js";
import {
  CONTENT_TYPES,
  hostileSegment,
  hostileValue,
  ODD_QUERIES,
  RAW_BODIES,
  shortHostileText,
  wellFormed,
} from "./support/hostile-input.js";
import { apiRoutes } from "./support/route-log.js";

/**
 * Every route the app registers, found as it is registered (so a route added later is fuzzed too),
 * answers hostile input with a 2xx or a 4xx in the one error shape, never a 5xx, and a refused
 * request writes nothing. The webhook has its own file (fuzz-webhook.test.ts).
 */
vi.mock("fastify", async (original) =>
  (await import("./support/route-log.js")).withRouteLog(await original<typeof import("fastify")>()),
);

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const EXEMPT = new Set(["POST /api/webhooks/wuzapi/:secret"]);

interface Target {
  method: HTTPMethods;
  url: string;
  /** Field names the route's schemas know: the fuzzer fills them with wrong values. */
  bodyFields: string[];
  queryFields: string[];
}

/** The field names of a zod object, union of objects, or a refined / defaulted / piped one. */
function fieldsOf(schema: unknown): string[] {
  if (!schema || typeof schema !== "object") return [];
  const node = schema as {
    shape?: Record<string, unknown>;
    options?: unknown[];
    def?: { innerType?: unknown; in?: unknown };
  };
  if (node.shape) return Object.keys(node.shape);
  if (Array.isArray(node.options)) return [...new Set(node.options.flatMap(fieldsOf))];
  return fieldsOf(node.def?.innerType ?? node.def?.in);
}

function targets(): Target[] {
  return apiRoutes()
    .filter(({ method, url }) => !EXEMPT.has(`${method} ${url}`))
    .map(({ method, url, route }) => {
      const schema = (route.schema ?? {}) as { body?: unknown; querystring?: unknown };
      return {
        method: method as HTTPMethods,
        url,
        bodyFields: fieldsOf(schema.body),
        queryFields: fieldsOf(schema.querystring),
      };
    });
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

type Who = "admin" | "agent" | "nobody" | "forged";

const requestArbitrary = (target: Target) =>
  fc.record({
    who: fc.constantFrom<Who>("admin", "admin", "admin", "agent", "nobody", "forged"),
    forgedCookie: shortHostileText,
    segments: fc.array(hostileSegment, { minLength: 4, maxLength: 4 }),
    query: fc.oneof(
      fc.constant(""),
      fc.constantFrom(...ODD_QUERIES),
      fc
        .dictionary(
          target.queryFields.length > 0
            ? fc.oneof(fc.constantFrom(...target.queryFields), shortHostileText)
            : shortHostileText,
          shortHostileText,
          { maxKeys: 4 },
        )
        .map((fields) => {
          const text = new URLSearchParams(
            Object.entries(fields).map(([k, v]): [string, string] => [wellFormed(k), wellFormed(v)]),
          ).toString();
          return text ? `?${text}` : "";
        }),
    ),
    body: fc.oneof(
      fc.constant(undefined),
      // The route's own fields with values of every wrong type.
      fc
        .dictionary(
          target.bodyFields.length > 0 ? fc.constantFrom(...target.bodyFields) : shortHostileText,
          hostileValue,
          { maxKeys: 5 },
        )
        .map((fields) => JSON.stringify(fields)),
      hostileValue.map((value) => JSON.stringify(value) ?? "null"),
      fc.constantFrom(...RAW_BODIES),
    ),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    foreignOrigin: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });

describe("every route survives hostile input", () => {
  let t: TestApp;
  const cookies: Record<"admin" | "agent", string> = { admin: "", agent: "" };
  const passwords = { admin: "fuzz-admin-password", agent: "fuzz-agent-password" };

  beforeAll(async () => {
    // One short-lived QR code per Connect: a pairing the fuzzer starts ends before the next request.
    t = await createTestApp(
      {},
      { simulator: { timings: { ...TEST_SIMULATOR_TIMINGS, qrCodes: 1, qrIntervalMs: 100 } } },
    );
    const alice = await t.login("alice");
    for (const role of ["admin", "agent"] as const) {
      const created = await t.call(alice, "POST", "/api/users", {
        username: `fuzz-${role}`,
        fullName: `Fuzz ${role}`,
        role,
        password: passwords[role],
      });
      expect(created.statusCode).toBe(201);
      cookies[role] = await t.login(`fuzz-${role}`, passwords[role]);
    }
    console.info(`fuzz-routes: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);
  });
  afterAll(() => t?.close());

  /** A 2xx may have ended the fuzzing users' sessions (logout) or changed them: sign in again if so. */
  async function keepSignedIn() {
    for (const role of ["admin", "agent"] as const) {
      const me = await t.call(cookies[role], "GET", "/api/me");
      if (me.statusCode !== 401) continue;
      // A fuzzed PATCH /api/users/:id may have hit a fuzzing user (new password, disabled, demoted).
      const user = await t.services.directory.users.findByUsername(`fuzz-${role}`);
      if (user)
        await t.services.directory.users.update(user.id, {
          passwordHash: await hashPassword(passwords[role]),
          disabled: false,
          role,
        });
      cookies[role] = await t.login(`fuzz-${role}`, passwords[role]);
    }
  }

  it("finds the routes as they are registered", () => {
    const found = targets().map((target) => `${target.method} ${target.url}`);
    expect(found).toEqual(
      expect.arrayContaining(["POST /api/auth/login", "GET /api/chats/:id/messages", "PUT /api/favourites"]),
    );
    expect(found.length).toBeGreaterThan(40);
  });

  it("answers every route with a 2xx or a well-formed 4xx, and a refusal writes nothing", async () => {
    const all = targets();
    let before: DataFingerprint = await settledFingerprint(t);
    for (const [index, target] of all.entries()) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(target), async (input) => {
          let segment = 0;
          const path = target.url.replace(/:\w+/g, () => input.segments[segment++ % 4] as string);
          const headers: Record<string, string> = {};
          if (input.who === "admin" || input.who === "agent") headers.cookie = cookies[input.who];
          if (input.who === "forged")
            headers.cookie = `parley_session=${encodeURIComponent(wellFormed(input.forgedCookie))}`;
          if (input.body !== undefined && input.contentType) headers["content-type"] = input.contentType;
          if (input.foreignOrigin) headers.origin = "https://evil.example";

          const response = await t.app.inject({
            method: target.method,
            url: path + input.query,
            headers,
            ...(input.body !== undefined ? { payload: input.body } : {}),
          });
          const where = `${target.method} ${path}${input.query.slice(0, 80)} -> ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, where).toBeGreaterThanOrEqual(200);
          expect(response.statusCode, where).toBeLessThan(500);
          if (response.statusCode < 400) {
            await keepSignedIn();
            before = await settledFingerprint(t);
            return;
          }
          expect(response.statusCode, where).toBeGreaterThanOrEqual(400);
          const body = parseJson(response.body);
          expect(body, where).toEqual({
            error: expect.objectContaining({
              code: expect.stringMatching(/^[a-z_]+$/),
              message: expect.any(String),
            }),
            requestId: expect.any(String),
          });
          expect((body as { error: { message: string } }).error.message.length, where).toBeGreaterThan(3);
          expect(await dataFingerprint(t.services.database.db), where).toEqual(before);
        }),
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
    }
    // The process still serves.
    expect((await t.app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
  }, 180_000);

  it("reached every route it found (none is fuzzed only through 404s)", async () => {
    const metrics = await t.app.inject({ method: "GET", url: "/api/metrics" });
    const reached = new Set(
      [...metrics.body.matchAll(/parley_http_requests_total\{method="(\w+)",route="([^"]+)"/g)].map(
        ([, method, route]) => `${method} ${route}`,
      ),
    );
    const missed = targets()
      .map((target) => `${target.method} ${target.url}`)
      .filter((route) => !reached.has(route));
    expect(missed).toEqual([]);
  });
});
