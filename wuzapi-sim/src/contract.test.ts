import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { listRoutes } from "./app.js";
import { samplePng } from "./phones/sample-media.js";
import { type ApiResponse, type Harness, startHarness } from "./test-support/harness.js";
import type { Json } from "./test-support/webhook-receiver.js";

/**
 * Checks the simulator against WuzAPI's own OpenAPI file: every WuzAPI route it serves exists in
 * spec.yml with the same auth scheme, and every success body carries the fields of the spec's example.
 * Where spec.yml and CONTRACT.md disagree, CONTRACT.md (the Go code) wins; each such case is listed
 * below with the CONTRACT.md line that justifies it.
 */

const SPEC_FILE = process.env.WUZAPI_SPEC_FILE ?? new URL("../spec/spec.yml", import.meta.url).pathname;
const spec = parse(readFileSync(SPEC_FILE, "utf8"));

type Operation = { security?: Record<string, unknown>[]; responses?: Record<string, Json> };

/** Served routes the spec lacks, their auth scheme, and the CONTRACT.md line that documents them. */
const NOT_IN_SPEC: Record<string, { scheme: string; reason: string }> = {
  "POST /session/history": {
    scheme: "ApiKeyAuth",
    reason:
      "CONTRACT.md §10: “it lists /chat/send/template, which is not routed, and it lacks /chat/archive and POST /session/history.”",
  },
  "PUT /admin/users/{}": {
    scheme: "AdminAuth",
    reason:
      'CONTRACT.md §3: “PUT /admin/users/{id}: partial update; empty or zero fields are ignored. Returns {"code":200,"message":"user updated successfully","success":true}.”',
  },
};

/** Auth schemes where the spec is wrong. */
const AUTH_DEVIATIONS: Record<string, { scheme: "none" | "user"; reason: string }> = {
  "GET /health": {
    scheme: "none",
    reason:
      'CONTRACT.md §9: “/health returns a bare, unauthenticated {status:"ok",…}”; spec.yml lets it inherit the global ApiKeyAuth.',
  },
  "GET /user/lid/{}": {
    scheme: "user",
    reason:
      "CONTRACT.md §3: “Everything else (except /health): header token: <user token>, or query ?token=”; spec.yml names an undefined UserTokenAuth scheme.",
  },
};

/** Success bodies where the spec's example is wrong: the shape CONTRACT.md documents instead. */
const BODY_DEVIATIONS: Record<string, { expected: Json; reason: string }> = {
  "GET /session/status": {
    expected: {
      code: 200,
      data: { connected: true, loggedIn: true, history: "0", jid: "", events: "" },
      success: true,
    },
    reason:
      "CONTRACT.md §4: “With no client, connected and loggedIn are false. API.md shows them capitalised; the code uses lowercase.”",
  },
  "POST /webhook": {
    expected: { code: 200, data: { webhook: "" }, success: true },
    reason:
      'CONTRACT.md §8: “POST /webhook: {"webhookurl","events":[…]} (WebhookURL also matches) returns data:{"webhook"}.”',
  },
  "PUT /webhook": {
    expected: { code: 200, data: { webhook: "", events: [], active: true }, success: true },
    reason:
      'CONTRACT.md §8: “PUT /webhook: {"webhook","events","active"}. active:false clears the URL.” (the code echoes these names, not WebhookURL/Events)',
  },
  "POST /user/avatar": {
    expected: { code: 200, data: { url: "", id: "", type: "", direct_path: "", hash: "" }, success: true },
    reason:
      'CONTRACT.md §5: “POST /user/avatar: {"Phone","Preview":true} returns data:{url,id,type,direct_path,hash} (lowercase)”.',
  },
  "GET /user/lid/{}": {
    expected: { code: 200, data: { jid: "", lid: "" }, success: true },
    reason:
      "CONTRACT.md §5: “GET /user/lid/{jid} returns data:{jid,lid}, or 404.” (enveloped like every other endpoint)",
  },
  "POST /session/hmac/config": {
    expected: { Details: "" },
    reason: 'CONTRACT.md §8: “The hmac endpoints return bare JSON ({"hmac_key":"***"}, {"Details":…}).”',
  },
  "DELETE /session/hmac/config": {
    expected: { Details: "" },
    reason: 'CONTRACT.md §8: “The hmac endpoints return bare JSON ({"hmac_key":"***"}, {"Details":…}).”',
  },
};

const normalise = (path: string) => path.replace(/:[^/]+/g, "{}").replace(/\{[^}]+\}/g, "{}");

const specOperations = new Map<string, Operation>();
for (const [path, operations] of Object.entries(spec.paths as Record<string, Record<string, Operation>>)) {
  for (const [method, operation] of Object.entries(operations)) {
    specOperations.set(`${method.toUpperCase()} ${normalise(path)}`, operation);
  }
}

function specScheme(operation: Operation): string | undefined {
  const security = operation.security ?? (spec.security as Record<string, unknown>[] | undefined) ?? [];
  return Object.keys(security[0] ?? {})[0];
}

/** The spec's success example, or one assembled from the schema's property examples. */
function specExample(operation: Operation): Json | undefined {
  const responses = operation.responses ?? {};
  const success = responses[200] ?? responses["200"] ?? responses[201];
  const content = success?.content?.["application/json"];
  if (!content) return undefined;
  return content.example ?? content.schema?.example ?? exampleFromSchema(content.schema);
}

function exampleFromSchema(schema: Json): Json {
  if (!schema || typeof schema !== "object") return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, exampleFromSchema(value)]),
    );
  }
  if (schema.items) return [exampleFromSchema(schema.items)];
  return null;
}

/** Paths of fields present in `expected` but missing from `actual`. Maps keyed by JID compare one entry. */
function missingFields(expected: Json, actual: Json, at = ""): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at} (array expected)`];
    return expected.length > 0 && actual.length > 0 ? missingFields(expected[0], actual[0], `${at}[0]`) : [];
  }
  if (expected === null || typeof expected !== "object") return [];
  if (actual === null || typeof actual !== "object") return [`${at} (object expected)`];
  const keys = Object.keys(expected);
  if (keys.length > 0 && keys.every((key) => key.includes("@"))) {
    const first = Object.values(actual)[0];
    return first === undefined
      ? [`${at} (empty map)`]
      : missingFields(expected[keys[0] as string], first, `${at}.<jid>`);
  }
  return keys.flatMap((key) =>
    key in actual ? missingFields(expected[key], actual[key], `${at}.${key}`) : [`${at}.${key}`],
  );
}

describe("contract with spec.yml", () => {
  let h: Harness;
  let user: { id: string; token: string; number: string };
  let media: Json;
  let groupJid: string;
  const served: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    for (const route of listRoutes(h.sim.app)) {
      if (!route.url.startsWith("/_sim/")) served.push(`${route.method} ${normalise(route.url)}`);
    }
    user = await h.pairedUser({ fields: { history: 50 } });
    h.sim.control.inbound(user.id, {
      from: "5521969863660",
      media: { kind: "image", mimeType: "image/png", base64: samplePng([1, 2, 3]).toString("base64") },
    });
    media = (await h.receiver.waitFor((event) => event.event?.Message?.imageMessage)).event.Message
      .imageMessage;
    groupJid = h.sim.control.user(user.id).groups[0]?.jid ?? "";
  });
  afterAll(() => h.close());

  it("serves only routes that spec.yml lists, apart from the documented gaps", () => {
    expect(served.length).toBeGreaterThan(40);
    const unknown = served.filter((route) => !specOperations.has(route) && !(route in NOT_IN_SPEC));
    expect(unknown).toEqual([]);
    for (const route of Object.keys(NOT_IN_SPEC)) {
      expect(served, route).toContain(route);
      expect(specOperations.has(route), `${route} is really absent from spec.yml`).toBe(false);
    }
  });

  it("uses the spec's auth scheme on every route", async () => {
    const user2 = await h.createUser();
    for (const route of served) {
      const [method = "GET", path = "/"] = route.split(" ");
      const concrete = path.replace("{}", "5521969863660");
      const operation = specOperations.get(route);
      const scheme =
        AUTH_DEVIATIONS[route]?.scheme ?? (operation ? specScheme(operation) : NOT_IN_SPEC[route]?.scheme);
      const body = method === "GET" ? undefined : {};
      const anonymous = await h.request(method, concrete, { body });
      if (scheme === "none") {
        expect(anonymous.status, route).toBe(200);
        continue;
      }
      expect({ route, status: anonymous.status, body: anonymous.json }).toEqual({
        route,
        status: 401,
        body: { code: 401, error: "unauthorized", success: false },
      });
      // The other scheme's credential must not be accepted either.
      const wrongCredential =
        scheme === "AdminAuth"
          ? await h.request(method, concrete, { token: user2.token, body })
          : await h.request(method, concrete, { admin: true, body });
      expect({ route, status: wrongCredential.status }).toEqual({ route, status: 401 });
    }
  });

  /** A successful call of each documented operation. */
  const recipes: Record<string, () => Promise<ApiResponse>> = {
    "GET /health": () => h.request("GET", "/health"),
    "GET /admin/users": () => h.request("GET", "/admin/users", { admin: true }),
    "POST /admin/users": () =>
      h.request("POST", "/admin/users", { admin: true, body: { name: "n", token: `t-${Math.random()}` } }),
    "GET /admin/users/{}": () => h.request("GET", `/admin/users/${user.id}`, { admin: true }),
    "DELETE /admin/users/{}": async () =>
      h.request("DELETE", `/admin/users/${(await h.createUser()).id}`, { admin: true }),
    "DELETE /admin/users/{}/full": async () =>
      h.request("DELETE", `/admin/users/${(await h.pairedUser()).id}/full`, { admin: true }),
    "GET /webhook": () => h.request("GET", "/webhook", { token: user.token }),
    "POST /webhook": () =>
      h.request("POST", "/webhook", {
        token: user.token,
        body: { webhookurl: h.webhookUrl, events: ["All"] },
      }),
    "PUT /webhook": () =>
      h.request("PUT", "/webhook", {
        token: user.token,
        body: { webhook: h.webhookUrl, events: ["All"], active: true },
      }),
    "DELETE /webhook": async () => h.request("DELETE", "/webhook", { token: (await h.createUser()).token }),
    "POST /session/connect": async () =>
      h.request("POST", "/session/connect", {
        token: (await h.createUser()).token,
        body: { Immediate: true },
      }),
    "POST /session/disconnect": async () =>
      h.request("POST", "/session/disconnect", { token: (await h.pairedUser()).token }),
    "POST /session/logout": async () =>
      h.request("POST", "/session/logout", { token: (await h.pairedUser()).token }),
    "GET /session/status": () => h.request("GET", "/session/status", { token: user.token }),
    "POST /session/pairphone": async () => {
      const fresh = await h.createUser();
      await h.request("POST", "/session/connect", { token: fresh.token, body: { Immediate: true } });
      return h.request("POST", "/session/pairphone", {
        token: fresh.token,
        body: { Phone: "5511912345678" },
      });
    },
    "GET /session/qr": async () => {
      const fresh = await h.createUser();
      await h.request("POST", "/session/connect", { token: fresh.token, body: { Immediate: true } });
      return h.request("GET", "/session/qr", { token: fresh.token });
    },
    "GET /session/history": () =>
      h.request("GET", "/session/history?chat_jid=5521969863660@s.whatsapp.net&count=5", {
        token: user.token,
      }),
    "POST /session/hmac/config": () =>
      h.request("POST", "/session/hmac/config", { token: user.token, body: { hmac_key: "k".repeat(32) } }),
    "GET /session/hmac/config": () => h.request("GET", "/session/hmac/config", { token: user.token }),
    "DELETE /session/hmac/config": () => h.request("DELETE", "/session/hmac/config", { token: user.token }),
    "POST /user/info": () =>
      h.request("POST", "/user/info", {
        token: user.token,
        body: { Phone: ["5521969863660@s.whatsapp.net"] },
      }),
    "POST /user/check": () =>
      h.request("POST", "/user/check", { token: user.token, body: { Phone: ["5521969863660"] } }),
    "POST /user/presence": () =>
      h.request("POST", "/user/presence", { token: user.token, body: { type: "available" } }),
    "POST /user/avatar": () =>
      h.request("POST", "/user/avatar", {
        token: user.token,
        body: { Phone: "5521969863660", Preview: true },
      }),
    "GET /user/contacts": () => h.request("GET", "/user/contacts", { token: user.token }),
    "GET /user/lid/{}": () => h.request("GET", "/user/lid/5521969863660", { token: user.token }),
    "POST /chat/delete": () =>
      h.request("POST", "/chat/delete", { token: user.token, body: { Phone: "5521969863660", Id: "X" } }),
    "POST /chat/markread": () =>
      h.request("POST", "/chat/markread", {
        token: user.token,
        body: { Id: ["X"], ChatPhone: "5521969863660" },
      }),
    "POST /chat/react": () =>
      h.request("POST", "/chat/react", {
        token: user.token,
        body: { Phone: "5521969863660", Body: "👍", Id: "X" },
      }),
    "POST /chat/send/edit": () =>
      h.request("POST", "/chat/send/edit", {
        token: user.token,
        body: { Phone: "5521969863660", Body: "e", Id: "X" },
      }),
    "POST /chat/presence": () =>
      h.request("POST", "/chat/presence", {
        token: user.token,
        body: { Phone: "5521969863660", State: "paused" },
      }),
    "GET /chat/history": async () => {
      await h.request("POST", "/chat/send/text", {
        token: user.token,
        body: { Phone: "5521969863660", Body: "h" },
      });
      return h.request("GET", "/chat/history?chat_jid=5521969863660@s.whatsapp.net", { token: user.token });
    },
    "GET /group/list": () => h.request("GET", "/group/list", { token: user.token }),
    "GET /group/info": () => h.request("GET", `/group/info?groupJID=${groupJid}`, { token: user.token }),
  };
  const sends: Record<string, Json> = {
    text: { Body: "hi" },
    image: { Image: `data:image/png;base64,${samplePng([9, 9, 9]).toString("base64")}` },
    audio: { Audio: "data:audio/ogg;base64,T2dnUw==" },
    document: { Document: "data:application/pdf;base64,JVBERg==", FileName: "a.pdf" },
    video: { Video: "data:video/mp4;base64,AAAAGGZ0eXA=" },
    sticker: { Sticker: "data:image/webp;base64,UklGRg==" },
    location: { Latitude: 1.5, Longitude: 2.5 },
    contact: { Name: "A", Vcard: "BEGIN:VCARD\nEND:VCARD" },
  };
  for (const [kind, fields] of Object.entries(sends)) {
    recipes[`POST /chat/send/${kind}`] = () =>
      h.request("POST", `/chat/send/${kind}`, {
        token: user.token,
        body: { Phone: "5521969863660", ...fields },
      });
  }
  for (const kind of ["image", "video", "audio", "document", "sticker"]) {
    recipes[`POST /chat/download${kind}`] = () =>
      h.request("POST", `/chat/download${kind}`, {
        token: user.token,
        body: {
          Url: media.URL,
          DirectPath: media.directPath,
          MediaKey: media.mediaKey,
          Mimetype: media.mimetype,
        },
      });
  }

  it("has a recipe for every served operation the spec documents a body for", () => {
    const documented = served.filter((route) => {
      const operation = specOperations.get(route);
      return operation && specExample(operation) !== undefined;
    });
    expect(documented.filter((route) => !(route in recipes))).toEqual([]);
  });

  it("returns the fields of the spec's examples (or of CONTRACT.md where it overrules them)", async () => {
    for (const [route, call] of Object.entries(recipes)) {
      const operation = specOperations.get(route);
      const deviation = BODY_DEVIATIONS[route];
      const expected = deviation?.expected ?? (operation ? specExample(operation) : undefined);
      expect(expected, `${route} has an example`).toBeDefined();
      const response = await call();
      expect({ route, status: response.status < 300 }).toEqual({ route, status: true });
      expect({ route, missing: missingFields(expected, response.json) }).toEqual({ route, missing: [] });
    }
  });

  it("documents a deviation only where the spec really differs", () => {
    for (const route of Object.keys(BODY_DEVIATIONS)) {
      const operation = specOperations.get(route);
      const example = operation && specExample(operation);
      const deviation = BODY_DEVIATIONS[route];
      expect(deviation?.reason).toMatch(/^CONTRACT\.md §\d+/);
      expect({ route, differs: missingFields(example, deviation?.expected).length > 0 }).toEqual({
        route,
        differs: true,
      });
    }
    for (const { reason } of [...Object.values(AUTH_DEVIATIONS), ...Object.values(NOT_IN_SPEC)]) {
      expect(reason).toMatch(/^CONTRACT\.md §\d+/);
    }
  });

  it("answers sends with an integer Timestamp where the spec shows RFC 3339 (CONTRACT.md §6)", async () => {
    const response = await recipes["POST /chat/send/text"]?.();
    expect(Number.isInteger(response?.json.data.Timestamp)).toBe(true);
  });
});
