import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ServiceUnavailableError, ValidationError } from "../../../lib/errors.js";
import { createWuzapiClient, type WuzapiLogger } from "./wuzapi-client.js";
import { WuzapiError } from "./wuzapi-errors.js";

const ADMIN_TOKEN = "admin-secret-0123456789";
const USER_TOKEN = "user-secret-abcdefghij";

interface RecordedRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
}

interface ScriptedAnswer {
  status?: number;
  /** Serialised as JSON unless it is a string. */
  body: unknown;
}

/** A fetch that records each request and replays the scripted answers in order. */
function scriptedFetch(...answers: ScriptedAnswer[]) {
  const requests: RecordedRequest[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const text = typeof init?.body === "string" ? init.body : undefined;
    requests.push({
      url: new URL(String(input)),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: text === undefined ? undefined : JSON.parse(text),
    });
    const answer = answers.shift();
    if (!answer) throw new Error("unexpected request");
    const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    return new Response(body, { status: answer.status ?? 200 });
  };
  return { fetch, requests };
}

function ok(data: unknown): ScriptedAnswer {
  return { status: 200, body: { code: 200, data, success: true } };
}

function failure(status: number, error: string): ScriptedAnswer {
  return { status, body: { code: status, error, success: false } };
}

/** A logger that keeps everything it is given, to check that no secret reaches the logs. */
function recordingLogger() {
  const lines: unknown[] = [];
  const logger: WuzapiLogger = {
    debug: (fields, message) => lines.push({ level: "debug", fields, message }),
    warn: (fields, message) => lines.push({ level: "warn", fields, message }),
  };
  return { logger, text: () => JSON.stringify(lines), lines };
}

function clientWith(fetch: typeof globalThis.fetch, logger?: WuzapiLogger) {
  return createWuzapiClient({ baseUrl: "http://wuzapi.test:8080/", adminToken: ADMIN_TOKEN, fetch, logger });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("requests", () => {
  it("authenticates admin calls with the raw Authorization header", async () => {
    const { fetch, requests } = scriptedFetch(ok([]));
    await clientWith(fetch).admin.listUsers();
    const [request] = requests;
    expect(request?.url.href).toBe("http://wuzapi.test:8080/admin/users");
    expect(request?.headers.get("authorization")).toBe(ADMIN_TOKEN);
    expect(request?.headers.get("token")).toBeNull();
  });

  it("authenticates user calls with the token header, never the query string", async () => {
    const { fetch, requests } = scriptedFetch(ok({ QRCode: "" }));
    await clientWith(fetch).forUser(USER_TOKEN).qr();
    const [request] = requests;
    expect(request?.headers.get("token")).toBe(USER_TOKEN);
    expect(request?.headers.get("authorization")).toBeNull();
    expect(request?.url.search).toBe("");
  });

  it("always connects with the full list and Immediate", async () => {
    const { fetch, requests } = scriptedFetch(
      ok({ details: "Connected!", events: "Message,QR", jid: "", webhook: "http://h/x" }),
    );
    const result = await clientWith(fetch).forUser(USER_TOKEN).connect(["Message", "QR"]);
    expect(requests[0]?.body).toEqual({ Subscribe: ["Message", "QR"], Immediate: true });
    expect(result).toEqual({ jid: null, events: ["Message", "QR"], webhook: "http://h/x" });
  });

  it("creates users with events joined by commas", async () => {
    const { fetch, requests } = scriptedFetch({
      status: 201,
      body: {
        code: 201,
        data: {
          id: "u1",
          name: "alice",
          token: "t",
          webhook: "http://h",
          events: "Message,QR",
          hmac_key: true,
        },
        success: true,
      },
    });
    const created = await clientWith(fetch).admin.createUser({
      name: "alice",
      token: USER_TOKEN,
      webhook: "http://h",
      events: ["Message", "QR"],
      history: 100,
      hmacKey: "k".repeat(32),
    });
    expect(requests[0]?.body).toEqual({
      name: "alice",
      token: USER_TOKEN,
      webhook: "http://h",
      events: "Message,QR",
      history: 100,
      hmacKey: "k".repeat(32),
    });
    expect(created).toEqual({ id: "u1", name: "alice", webhook: "http://h", events: ["Message", "QR"] });
  });

  it("sends only the fields given on update", async () => {
    const { fetch, requests } = scriptedFetch({
      body: { code: 200, message: "user updated successfully", success: true },
    });
    await clientWith(fetch).admin.updateUser("u 1", { webhook: "http://new" });
    expect(requests[0]?.method).toBe("PUT");
    expect(requests[0]?.url.pathname).toBe("/admin/users/u%201");
    expect(requests[0]?.body).toEqual({ webhook: "http://new" });
  });

  it("builds replies, reactions and read marks the way WuzAPI reads them", async () => {
    const sent = ok({ Details: "Sent", Timestamp: 1_700_000_000, Id: "3EB0" });
    const { fetch, requests } = scriptedFetch(sent, sent, sent, ok({ Details: "Message(s) marked as read" }));
    const user = clientWith(fetch).forUser(USER_TOKEN);
    await user.sendText({
      phone: "5511999990000",
      body: "hi",
      id: "MY1",
      quoted: { stanzaId: "Q1", participant: "5511888880000@s.whatsapp.net" },
    });
    await user.react({ phone: "5511999990000", messageId: "M1", emoji: null, fromMe: true });
    await user.react({ phone: "5511999990000", messageId: "M2", emoji: "👍", fromMe: false });
    await user.markRead({ chat: "5511999990000@s.whatsapp.net", ids: ["M1", "M2"] });
    expect(requests.map((request) => [request.url.pathname, request.body])).toEqual([
      [
        "/chat/send/text",
        {
          Phone: "5511999990000",
          Id: "MY1",
          Body: "hi",
          ContextInfo: { StanzaID: "Q1", Participant: "5511888880000@s.whatsapp.net" },
        },
      ],
      ["/chat/react", { Phone: "5511999990000", Body: "remove", Id: "me:M1" }],
      ["/chat/react", { Phone: "5511999990000", Body: "👍", Id: "M2" }],
      ["/chat/markread", { Id: ["M1", "M2"], ChatPhone: "5511999990000@s.whatsapp.net" }],
    ]);
  });

  it("sends media as data URLs", async () => {
    const { fetch, requests } = scriptedFetch(ok({ Details: "Sent", Timestamp: 1, Id: "A" }));
    await clientWith(fetch)
      .forUser(USER_TOKEN)
      .sendDocument({
        phone: "5511999990000",
        document: { mimeType: "application/pdf", data: Buffer.from("%PDF") },
        fileName: "a.pdf",
      });
    expect(requests[0]?.body).toEqual({
      Phone: "5511999990000",
      Document: `data:application/pdf;base64,${Buffer.from("%PDF").toString("base64")}`,
      FileName: "a.pdf",
      MimeType: "application/pdf",
    });
  });

  it("puts history and older-history parameters in the query", async () => {
    const { fetch, requests } = scriptedFetch(ok(null), ok({ details: "History sync request Sent" }));
    const user = clientWith(fetch).forUser(USER_TOKEN);
    expect(await user.history("5511999990000@s.whatsapp.net", 20)).toEqual([]);
    await user.requestOlderHistory({
      chatJid: "5511999990000@s.whatsapp.net",
      oldestMessageId: "M1",
      oldestFromMe: false,
      oldestTimestamp: new Date(1_700_000_000_123),
      count: 50,
    });
    expect(Object.fromEntries(requests[0]?.url.searchParams ?? [])).toEqual({
      chat_jid: "5511999990000@s.whatsapp.net",
      limit: "20",
    });
    expect(Object.fromEntries(requests[1]?.url.searchParams ?? [])).toEqual({
      chat_jid: "5511999990000@s.whatsapp.net",
      oldest_msg_id: "M1",
      oldest_msg_from_me: "false",
      oldest_msg_timestamp: "1700000000123",
      count: "50",
    });
  });

  it("refuses chat_jid=index before any request: it lists every tenant's chats", async () => {
    const { fetch, requests } = scriptedFetch();
    const user = clientWith(fetch).forUser(USER_TOKEN);
    for (const chatJid of ["index", "INDEX", ""]) {
      await expect(user.history(chatJid, 10)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(requests).toHaveLength(0);
  });
});

describe("responses", () => {
  it("normalises send results to an id and a Date, from Unix seconds or RFC 3339", async () => {
    const { fetch } = scriptedFetch(
      ok({ Details: "Sent", Timestamp: 1_700_000_000, Id: "A1" }),
      ok({ Details: "Sent", Timestamp: "2022-05-10T12:49:08-03:00", Id: "A2" }),
    );
    const user = clientWith(fetch).forUser(USER_TOKEN);
    expect(await user.sendText({ phone: "1", body: "x" })).toEqual({
      id: "A1",
      timestamp: new Date(1_700_000_000_000),
    });
    expect(await user.sendText({ phone: "1", body: "x" })).toEqual({
      id: "A2",
      timestamp: new Date("2022-05-10T15:49:08Z"),
    });
  });

  it("parses status with lowercase flags, a string history and extra fields", async () => {
    const { fetch } = scriptedFetch(
      ok({
        id: "u1",
        name: "alice",
        connected: true,
        loggedIn: false,
        token: USER_TOKEN,
        jid: "",
        webhook: "http://h",
        events: "Message,,QR",
        proxy_url: "",
        qrcode: "data:image/png;base64,AA",
        history: "100",
        hmac_configured: true,
        something_new: { nested: 1 },
      }),
    );
    expect(await clientWith(fetch).forUser(USER_TOKEN).status()).toEqual({
      id: "u1",
      name: "alice",
      connected: true,
      loggedIn: false,
      jid: null,
      webhook: "http://h",
      events: ["Message", "QR"],
      history: 100,
    });
  });

  it("returns null for an unknown admin user, and the user otherwise", async () => {
    const user = {
      id: "u1",
      name: "alice",
      token: USER_TOKEN,
      webhook: "",
      jid: "5511999990000:12@s.whatsapp.net",
      qrcode: "",
      connected: true,
      loggedIn: true,
      expiration: 0,
      events: "All",
      proxy_url: "",
    };
    const { fetch } = scriptedFetch(ok([]), ok([user]));
    const { admin } = clientWith(fetch);
    expect(await admin.getUser("nope")).toBeNull();
    expect(await admin.getUser("u1")).toMatchObject({
      id: "u1",
      jid: user.jid,
      events: ["All"],
      qrCode: null,
    });
  });

  it("maps contacts, webhook and check answers to camelCase lists", async () => {
    const { fetch } = scriptedFetch(
      ok({
        "5511999990000@s.whatsapp.net": {
          Found: true,
          FirstName: "Ana",
          FullName: "Ana Lima",
          PushName: "Ana",
          BusinessName: "",
          RedactedPhone: "",
        },
      }),
      ok({ webhook: "", subscribe: [""] }),
      ok({
        Users: [
          {
            Query: "5511999990000",
            IsInWhatsapp: true,
            JID: "5511999990000@s.whatsapp.net",
            VerifiedName: "",
          },
        ],
      }),
    );
    const user = clientWith(fetch).forUser(USER_TOKEN);
    expect(await user.contacts()).toEqual([
      {
        jid: "5511999990000@s.whatsapp.net",
        found: true,
        firstName: "Ana",
        fullName: "Ana Lima",
        pushName: "Ana",
        businessName: "",
      },
    ]);
    expect(await user.getWebhook()).toEqual({ url: "", events: [] });
    expect(await user.check(["5511999990000"])).toEqual([
      { query: "5511999990000", isInWhatsapp: true, jid: "5511999990000@s.whatsapp.net", verifiedName: null },
    ]);
  });

  it("decodes downloads into a Buffer", async () => {
    const payload = Buffer.from([0xff, 0xd8, 0xff, 0x00]);
    const { fetch, requests } = scriptedFetch(
      ok({ Mimetype: "image/jpeg", Data: `data:image/jpeg;base64,${payload.toString("base64")}` }),
    );
    const media = await clientWith(fetch).forUser(USER_TOKEN).download("image", {
      url: "https://mmg.whatsapp.net/x",
      directPath: "/v/x",
      mediaKey: "a2V5",
      mimetype: "image/jpeg",
      fileEncSha256: "ZW5j",
      fileSha256: "c2hh",
      fileLength: 4,
    });
    expect(requests[0]?.url.pathname).toBe("/chat/downloadimage");
    expect(requests[0]?.body).toMatchObject({
      Url: "https://mmg.whatsapp.net/x",
      FileEncSHA256: "ZW5j",
      FileLength: 4,
    });
    expect(media.mimeType).toBe("image/jpeg");
    expect(media.data.equals(payload)).toBe(true);
  });

  it("reads the bare /health answer without a token", async () => {
    const { fetch, requests } = scriptedFetch({
      body: { status: "ok", timestamp: "2026-04-20T10:00:00Z", version: "1.0.6", connected_users: 2 },
    });
    expect(await clientWith(fetch).health()).toEqual({
      status: "ok",
      version: "1.0.6",
      connectedUsers: 2,
      loggedInUsers: null,
    });
    expect(requests[0]?.headers.get("authorization")).toBeNull();
    expect(requests[0]?.headers.get("token")).toBeNull();
  });

  it("accepts the bare JSON of the HMAC endpoint", async () => {
    const { fetch } = scriptedFetch({ body: { Details: "HMAC configuration saved" } });
    await expect(clientWith(fetch).forUser(USER_TOKEN).setHmacKey("k".repeat(32))).resolves.toBeUndefined();
  });
});

describe("errors", () => {
  it("maps WuzAPI's 500 messages to kinds", async () => {
    const { fetch } = scriptedFetch(failure(500, "no session"), failure(500, "already connected"));
    const user = clientWith(fetch).forUser(USER_TOKEN);
    const noSession = await caught(user.qr());
    expect(noSession).toBeInstanceOf(WuzapiError);
    expect(noSession).toMatchObject({
      kind: "no_session",
      code: "whatsapp_no_session",
      upstreamStatus: 500,
      rawMessage: "no session",
      endpoint: "GET /session/qr",
    });
    await expect(user.connect(["Message"])).rejects.toMatchObject({ kind: "already_connected" });
  });

  it("treats {code:500, success:true} without data as an error", async () => {
    const { fetch } = scriptedFetch(
      { status: 500, body: { code: 500, success: true } },
      {
        status: 200,
        body: { code: 500, success: true },
      },
    );
    const user = clientWith(fetch).forUser(USER_TOKEN);
    await expect(user.groupList()).rejects.toMatchObject({ kind: "unknown", upstreamStatus: 500 });
    await expect(user.info(["5511999990000@s.whatsapp.net"])).rejects.toMatchObject({
      kind: "unknown",
      upstreamStatus: 500,
    });
  });

  it("reads an error message carried in data", async () => {
    const { fetch } = scriptedFetch({
      status: 400,
      body: { code: 400, data: "HMAC key must be at least 32 characters long", success: false },
    });
    await expect(clientWith(fetch).forUser(USER_TOKEN).setHmacKey("short-key")).rejects.toMatchObject({
      kind: "bad_request",
      rawMessage: "HMAC key must be at least 32 characters long",
    });
  });

  it("returns null from lid on 404 and from avatar on 'no avatar found'", async () => {
    const { fetch, requests } = scriptedFetch(
      { status: 404, body: { code: 404, error: "not found", success: false } },
      failure(500, "no avatar found"),
      ok({ jid: "5511999990000@s.whatsapp.net", lid: "123@lid" }),
    );
    const user = clientWith(fetch).forUser(USER_TOKEN);
    expect(await user.lid("123@lid")).toBeNull();
    expect(await user.avatar("5511999990000@s.whatsapp.net")).toBeNull();
    expect(await user.lid("123@lid")).toEqual({ jid: "5511999990000@s.whatsapp.net", lid: "123@lid" });
    expect(requests[0]?.url.pathname).toBe("/user/lid/123%40lid");
  });

  it("does not hide other failures behind null", async () => {
    const { fetch } = scriptedFetch(failure(500, "no session"));
    await expect(clientWith(fetch).forUser(USER_TOKEN).lid("123@lid")).rejects.toMatchObject({
      kind: "no_session",
    });
  });

  it("reports a body that breaks the contract as invalid_response, without values in the logs", async () => {
    const log = recordingLogger();
    const { fetch } = scriptedFetch(ok([{ id: "u1", token: "leaky-token-in-list" }]));
    const error = await caught(clientWith(fetch, log.logger).admin.listUsers());
    expect(error).toMatchObject({ kind: "invalid_response", code: "whatsapp_invalid_response" });
    expect(log.text()).not.toContain("leaky-token-in-list");
    expect(log.text()).toContain("did not match the contract");
  });

  it("keeps tokens out of error messages and logs", async () => {
    const log = recordingLogger();
    const { fetch } = scriptedFetch(
      failure(500, `could not find user with token ${USER_TOKEN}`),
      failure(400, `bad key ${"k".repeat(32)} for admin ${ADMIN_TOKEN}`),
    );
    const client = clientWith(fetch, log.logger);
    const first = await caught(client.forUser(USER_TOKEN).status());
    const second = await caught(client.forUser(USER_TOKEN).setHmacKey("k".repeat(32)));
    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(WuzapiError);
      const text = JSON.stringify({
        message: (error as WuzapiError).message,
        raw: (error as WuzapiError).rawMessage,
      });
      expect(text).not.toContain(USER_TOKEN);
      expect(text).not.toContain(ADMIN_TOKEN);
      expect(text).not.toContain("k".repeat(32));
      expect(text).toContain("[redacted]");
    }
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(USER_TOKEN);
    expect(log.text()).not.toContain(ADMIN_TOKEN);
  });

  it("turns a fetch failure into whatsapp_unavailable", async () => {
    const client = clientWith(async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }),
      });
    });
    const error = await caught(client.forUser(USER_TOKEN).status());
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({
      code: "whatsapp_unavailable",
      message: "WhatsApp service unavailable",
      status: 503,
    });
  });
});

describe("over real sockets", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("times out on a server that never answers", async () => {
    const baseUrl = await serve(() => {
      // Never answers.
    });
    const client = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN, timeoutMs: 150 });
    const started = Date.now();
    const error = await caught(client.forUser(USER_TOKEN).status());
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({
      code: "whatsapp_unavailable",
      message: "WhatsApp service did not answer within 0.15 s",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out on a server that stalls mid-body", async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"code":200,');
    });
    const client = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN, timeoutMs: 150 });
    await expect(client.forUser(USER_TOKEN).status()).rejects.toMatchObject({
      code: "whatsapp_unavailable",
      message: "WhatsApp service did not answer within 0.15 s",
    });
  });

  it("gives a call carrying a file longer than the usual timeout", async () => {
    const baseUrl = await serve((_request, response) => {
      setTimeout(() => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          '{"code":200,"data":{"Details":"Sent","Id":"ABC","Timestamp":1700000000},"success":true}',
        );
      }, 400);
    });
    const user = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN, timeoutMs: 150 }).forUser(USER_TOKEN);
    await expect(user.status()).rejects.toMatchObject({ code: "whatsapp_unavailable" });
    await expect(
      user.sendImage({ phone: "5511999990000", image: { mimeType: "image/png", data: Buffer.from("png") } }),
    ).resolves.toMatchObject({ id: "ABC" });
  });

  it("reports a refused connection as unavailable", async () => {
    const baseUrl = await serve(() => {});
    const closing = servers.pop();
    await new Promise<void>((resolve) => closing?.close(() => resolve()));
    const client = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN });
    await expect(client.health()).rejects.toMatchObject({ code: "whatsapp_unavailable" });
  });

  it("reports a reset connection as unavailable", async () => {
    const baseUrl = await serve((request) => request.socket.destroy());
    const client = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN });
    await expect(client.admin.listUsers()).rejects.toMatchObject({ code: "whatsapp_unavailable" });
  });

  it("reads WuzAPI's plain-text 404 for unknown routes", async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("404 page not found\n");
    });
    const client = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN });
    const error = await caught(client.forUser(USER_TOKEN).lid("123@lid"));
    expect(error).toBeInstanceOf(WuzapiError);
    expect(error).toMatchObject({
      kind: "unknown_route",
      rawMessage: "404 page not found",
      upstreamStatus: 404,
    });
  });

  it("treats a gateway's 503 page as unavailable", async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(503, { "content-type": "text/html" });
      response.end("<html>Service Unavailable</html>");
    });
    const client = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN });
    await expect(client.health()).rejects.toMatchObject({ code: "whatsapp_unavailable" });
  });

  it("reports a 200 that is not JSON as invalid_response", async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>dashboard</html>");
    });
    const client = createWuzapiClient({ baseUrl, adminToken: ADMIN_TOKEN });
    await expect(client.forUser(USER_TOKEN).status()).rejects.toMatchObject({ kind: "invalid_response" });
  });
});
