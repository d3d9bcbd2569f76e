import type { z } from "zod";
import { ValidationError } from "../../../lib/errors.js";
import {
  classifyWuzapiError,
  isWuzapiError,
  WuzapiError,
  type WuzapiErrorKind,
  whatsappTimedOut,
  whatsappUnavailable,
} from "./wuzapi-errors.js";
import {
  adminUserListSchema,
  avatarSchema,
  checkSchema,
  connectSchema,
  contactsSchema,
  createdUserSchema,
  downloadSchema,
  type Envelope,
  envelopeSchema,
  groupInfoSchema,
  groupListSchema,
  healthSchema,
  historySchema,
  ignoredSchema,
  infoSchema,
  lidSchema,
  pairPhoneSchema,
  qrSchema,
  sendResultSchema,
  sessionStatusSchema,
  webhookSchema,
} from "./wuzapi-schemas.js";

/** The subset of a pino logger the client uses. */
export interface WuzapiLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface WuzapiClientOptions {
  baseUrl: string;
  adminToken: string;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  logger?: WuzapiLogger;
}

/** Replies point at a message: its id and, in groups or for our own messages, who wrote it. */
export interface QuotedMessage {
  stanzaId: string;
  participant: string;
}

export interface SendCommon {
  /** A phone number or JID. */
  phone: string;
  /** Our own message id; WuzAPI generates one when omitted. */
  id?: string;
  quoted?: QuotedMessage;
}

/** Media travels as a data URL: WuzAPI refuses URLs on private addresses (CONTRACT.md §6). */
export interface MediaFile {
  mimeType: string;
  data: Buffer;
}

/** The media fields of a received message, as found in its webhook event. */
export interface MediaReference {
  url: string;
  directPath: string;
  mediaKey: string;
  mimetype: string;
  fileEncSha256: string;
  fileSha256: string;
  fileLength: number;
}

export type DownloadKind = "image" | "video" | "audio" | "document" | "sticker";

export interface CreateUserInput {
  name: string;
  token: string;
  webhook: string;
  events: readonly string[];
  /** Messages kept per chat by WuzAPI's history store; 0 turns it off. */
  history: number;
  /** At least 32 characters. */
  hmacKey?: string;
}

/** WuzAPI ignores empty and zero fields on update, so history cannot be set back to 0 here. */
export type UpdateUserInput = Partial<Omit<CreateUserInput, "token" | "hmacKey">>;

export interface OlderHistoryRequest {
  chatJid: string;
  oldestMessageId: string;
  oldestFromMe: boolean;
  oldestTimestamp: Date;
  count: number;
}

type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

interface Credentials {
  header: "Authorization" | "token";
  secret: string;
}

interface CallSpec<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** The answer is not wrapped in `{code,data,success}` (`/health`, the HMAC endpoints). */
  bare?: boolean;
  /** Secrets in the request body, to keep out of errors and logs on top of the tokens. */
  secrets?: readonly string[];
  /** Files travel inside the request or the answer: they get longer than other calls. */
  carriesMedia?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Time a call carrying a file may take at least (100 MB as base64 over a slow link). */
const MEDIA_TIMEOUT_MS = 120_000;
const REDACTED = "[redacted]";
/** Gateways in front of WuzAPI answer these when it is down. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);
const MAX_ERROR_TEXT = 200;
const UNEXPLAINED_KINDS: ReadonlySet<WuzapiErrorKind> = new Set([
  "unknown",
  "invalid_response",
  "unknown_route",
]);

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => (secret ? result.split(secret).join(REDACTED) : result), text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An error answer: HTTP status, `success:false`, or the `{"code":500,"success":true}` some handlers send. */
function isErrorAnswer(status: number, body: Envelope): boolean {
  return status >= 400 || body.success === false || (body.code !== undefined && body.code >= 400);
}

function errorMessageOf(body: Envelope): string {
  for (const candidate of [body.error, body.data, body.message]) {
    if (typeof candidate === "string" && candidate.trim() !== "") return candidate.trim();
  }
  return "";
}

// Request bodies go through JSON.stringify, which leaves out undefined fields: optional inputs map directly.

function sendBody(input: SendCommon, fields: Record<string, unknown>) {
  const { quoted } = input;
  return {
    Phone: input.phone,
    Id: input.id,
    ...fields,
    ContextInfo: quoted && { StanzaID: quoted.stanzaId, Participant: quoted.participant },
  };
}

function dataUrl(file: MediaFile): string {
  return `data:${file.mimeType};base64,${file.data.toString("base64")}`;
}

function userBody(input: UpdateUserInput) {
  return {
    name: input.name,
    webhook: input.webhook,
    events: input.events?.join(","),
    history: input.history,
  };
}

export function createWuzapiClient(options: WuzapiClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const logger = options.logger;
  const adminCredentials: Credentials = { header: "Authorization", secret: options.adminToken };

  /** The one place that talks HTTP: timeout, envelope, error mapping, validation, redaction. */
  async function call<T>(credentials: Credentials | null, spec: CallSpec<T>): Promise<T> {
    const secrets = [options.adminToken, credentials?.secret ?? "", ...(spec.secrets ?? [])];
    const endpoint = redact(`${spec.method} ${spec.path}`, secrets);
    const query = spec.query
      ? `?${new URLSearchParams(Object.entries(spec.query).map(([key, value]): [string, string] => [key, String(value)]))}`
      : "";
    const headers: Record<string, string> = { accept: "application/json" };
    if (credentials) headers[credentials.header] = credentials.secret;
    if (spec.body !== undefined) headers["content-type"] = "application/json";

    const limitMs = spec.carriesMedia ? Math.max(timeoutMs, MEDIA_TIMEOUT_MS) : timeoutMs;
    const startedAt = performance.now();
    const elapsed = () => Math.round(performance.now() - startedAt);
    let status: number;
    let text: string;
    try {
      const response = await fetchImpl(`${baseUrl}${spec.path}${query}`, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(limitMs),
      });
      status = response.status;
      text = await response.text();
    } catch (cause) {
      const reason = cause instanceof Error ? cause.name : "unknown";
      if (reason === "TimeoutError") {
        logger?.warn({ endpoint, durationMs: elapsed(), timeoutMs: limitMs }, "WuzAPI timed out");
        throw whatsappTimedOut(limitMs, cause);
      }
      logger?.warn({ endpoint, durationMs: elapsed(), reason }, "WuzAPI unreachable");
      throw whatsappUnavailable(cause);
    }

    const fail = (kind: WuzapiErrorKind, rawMessage: string, upstreamStatus = status) => {
      const error = new WuzapiError({
        kind,
        upstreamStatus,
        rawMessage: redact(rawMessage, secrets),
        endpoint,
      });
      // Most kinds are session states the caller handles; only the unexplained ones deserve a warning.
      const level = UNEXPLAINED_KINDS.has(kind) ? "warn" : "debug";
      logger?.[level](
        { endpoint, status: upstreamStatus, durationMs: elapsed(), kind, message: error.rawMessage },
        "WuzAPI error",
      );
      return error;
    };

    const json = parseJson(text);
    if (!isRecord(json)) {
      if (GATEWAY_STATUSES.has(status)) {
        logger?.warn({ endpoint, status, durationMs: elapsed() }, "WuzAPI unreachable behind gateway");
        throw whatsappUnavailable(new Error(`HTTP ${status}`));
      }
      const snippet = text.trim().slice(0, MAX_ERROR_TEXT);
      if (status === 404) throw fail("unknown_route", snippet);
      if (status >= 400) throw fail(classifyWuzapiError(status, snippet), snippet);
      throw fail("invalid_response", "Unexpected response from WhatsApp service");
    }

    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) throw fail("invalid_response", "Unexpected response from WhatsApp service");
    if (isErrorAnswer(status, envelope.data)) {
      const effectiveStatus = status >= 400 ? status : (envelope.data.code ?? status);
      const message = errorMessageOf(envelope.data);
      throw fail(classifyWuzapiError(effectiveStatus, message), message, effectiveStatus);
    }

    const parsed = spec.schema.safeParse(spec.bare ? json : envelope.data.data);
    if (!parsed.success) {
      // Paths and codes only: values may hold tokens (the admin user list does).
      const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.code}`);
      logger?.warn({ endpoint, status, issues }, "WuzAPI response did not match the contract");
      throw fail("invalid_response", "Unexpected response from WhatsApp service");
    }
    logger?.debug({ endpoint, status, durationMs: elapsed() }, "WuzAPI call");
    return parsed.data;
  }

  /** Turns one error kind into a value instead of a failure. */
  async function orNull<T>(promise: Promise<T>, kind: WuzapiErrorKind): Promise<T | null> {
    try {
      return await promise;
    } catch (error) {
      if (isWuzapiError(error, kind)) return null;
      throw error;
    }
  }

  const adminCall = <T>(spec: CallSpec<T>) => call(adminCredentials, spec);
  const userPath = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

  const admin = {
    listUsers: () => adminCall({ method: "GET", path: "/admin/users", schema: adminUserListSchema }),

    async getUser(id: string) {
      const users = await adminCall({ method: "GET", path: userPath(id), schema: adminUserListSchema });
      return users[0] ?? null;
    },

    createUser: (input: CreateUserInput) =>
      adminCall({
        method: "POST",
        path: "/admin/users",
        body: { ...userBody(input), token: input.token, hmacKey: input.hmacKey },
        schema: createdUserSchema,
        secrets: [input.token, input.hmacKey ?? ""],
      }),

    updateUser: (id: string, input: UpdateUserInput) =>
      adminCall({ method: "PUT", path: userPath(id), body: userBody(input), schema: ignoredSchema }),

    deleteUser: (id: string) => adminCall({ method: "DELETE", path: userPath(id), schema: ignoredSchema }),

    /** Also logs out, disconnects and drops WuzAPI's cached token: use when an account goes for good. */
    deleteUserFull: (id: string) =>
      adminCall({ method: "DELETE", path: `${userPath(id)}/full`, schema: ignoredSchema }),
  };

  function forUser(token: string) {
    const credentials: Credentials = { header: "token", secret: token };
    const userCall = <T>(spec: CallSpec<T>) => call(credentials, spec);
    const post = <T>(path: string, body: unknown, schema: z.ZodType<T>) =>
      userCall({ method: "POST", path, body, schema });
    const send = (path: string, body: unknown) => post(path, body, sendResultSchema);
    const sendMedia = (path: string, body: unknown) =>
      userCall({ method: "POST", path, body, schema: sendResultSchema, carriesMedia: true });

    return {
      /** Always immediate: without it WuzAPI blocks 10 s. `events` replaces the stored subscription. */
      connect: (events: readonly string[]) =>
        post("/session/connect", { Subscribe: events, Immediate: true }, connectSchema),
      /** The current QR as a PNG data URL, or null before WhatsApp has issued one. */
      qr: () => userCall({ method: "GET", path: "/session/qr", schema: qrSchema }),
      pairPhone: (phone: string) => post("/session/pairphone", { Phone: phone }, pairPhoneSchema),
      status: () => userCall({ method: "GET", path: "/session/status", schema: sessionStatusSchema }),
      disconnect: () => post("/session/disconnect", {}, ignoredSchema),
      logout: () => post("/session/logout", {}, ignoredSchema),
      /** The key reaches WuzAPI's event path only through this call: repeat it after each connect. */
      setHmacKey: (key: string) =>
        userCall({
          method: "POST",
          path: "/session/hmac/config",
          body: { hmac_key: key },
          schema: ignoredSchema,
          bare: true,
          secrets: [key],
        }),
      getWebhook: () => userCall({ method: "GET", path: "/webhook", schema: webhookSchema }),
      setWebhook: (url: string, events: readonly string[]) =>
        post("/webhook", { webhookurl: url, events }, ignoredSchema),

      contacts: () => userCall({ method: "GET", path: "/user/contacts", schema: contactsSchema }),
      check: (phones: readonly string[]) => post("/user/check", { Phone: phones }, checkSchema),
      /** Needs full JIDs: WuzAPI reads a bare number as a server name. */
      info: (jids: readonly string[]) => post("/user/info", { Phone: jids }, infoSchema),
      lid: (jid: string) =>
        orNull(
          userCall({ method: "GET", path: `/user/lid/${encodeURIComponent(jid)}`, schema: lidSchema }),
          "not_found",
        ),
      avatar: (jid: string) =>
        orNull(post("/user/avatar", { Phone: jid, Preview: true }, avatarSchema), "not_found"),
      presence: (type: "available" | "unavailable") => post("/user/presence", { type }, ignoredSchema),

      sendText: (input: SendCommon & { body: string }) =>
        send("/chat/send/text", sendBody(input, { Body: input.body })),
      sendImage: (input: SendCommon & { image: MediaFile; caption?: string }) =>
        sendMedia(
          "/chat/send/image",
          sendBody(input, {
            Image: dataUrl(input.image),
            MimeType: input.image.mimeType,
            Caption: input.caption,
          }),
        ),
      sendDocument: (input: SendCommon & { document: MediaFile; fileName: string; caption?: string }) =>
        sendMedia(
          "/chat/send/document",
          sendBody(input, {
            Document: dataUrl(input.document),
            FileName: input.fileName,
            MimeType: input.document.mimeType,
            Caption: input.caption,
          }),
        ),
      /** `ptt` (voice note) defaults to true on WuzAPI's side too. */
      sendAudio: (input: SendCommon & { audio: MediaFile; ptt?: boolean; seconds?: number }) =>
        sendMedia(
          "/chat/send/audio",
          sendBody(input, {
            Audio: dataUrl(input.audio),
            mimetype: input.audio.mimeType,
            ptt: input.ptt ?? true,
            Seconds: input.seconds,
          }),
        ),
      sendVideo: (input: SendCommon & { video: MediaFile; caption?: string }) =>
        sendMedia(
          "/chat/send/video",
          sendBody(input, { Video: dataUrl(input.video), Caption: input.caption }),
        ),
      editMessage: (input: { phone: string; id: string; body: string }) =>
        send("/chat/send/edit", { Phone: input.phone, Id: input.id, Body: input.body }),
      /** Revokes one of our own messages. */
      deleteMessage: (input: { phone: string; id: string }) =>
        post("/chat/delete", { Phone: input.phone, Id: input.id }, ignoredSchema),
      /** `emoji: null` removes our reaction. `fromMe` says the target message is ours. */
      react: (input: {
        phone: string;
        messageId: string;
        emoji: string | null;
        fromMe: boolean;
        participant?: string;
      }) =>
        send("/chat/react", {
          Phone: input.phone,
          Body: input.emoji ?? "remove",
          Id: input.fromMe ? `me:${input.messageId}` : input.messageId,
          Participant: input.participant,
        }),
      /** `sender` is needed in groups: whose messages are being marked. */
      markRead: (input: { chat: string; ids: readonly string[]; sender?: string }) =>
        post(
          "/chat/markread",
          { Id: input.ids, ChatPhone: input.chat, SenderPhone: input.sender },
          ignoredSchema,
        ),
      chatPresence: (input: { phone: string; state: "composing" | "paused"; media?: "audio" }) =>
        post("/chat/presence", { Phone: input.phone, State: input.state, Media: input.media }, ignoredSchema),

      /** Newest first. Only real JIDs: `chat_jid=index` would list every tenant's chats (CONTRACT.md §7). */
      history(chatJid: string, limit: number) {
        if (!chatJid.includes("@")) {
          return Promise.reject(new ValidationError("A chat JID is required for message history"));
        }
        return userCall({
          method: "GET",
          path: "/chat/history",
          query: { chat_jid: chatJid, limit },
          schema: historySchema,
        });
      },
      /** The older messages arrive later as a HistorySync webhook event. */
      requestOlderHistory: (request: OlderHistoryRequest) =>
        userCall({
          method: "GET",
          path: "/session/history",
          query: {
            chat_jid: request.chatJid,
            oldest_msg_id: request.oldestMessageId,
            oldest_msg_from_me: request.oldestFromMe,
            oldest_msg_timestamp: request.oldestTimestamp.getTime(),
            count: request.count,
          },
          schema: ignoredSchema,
        }),
      download: (kind: DownloadKind, media: MediaReference) =>
        userCall({
          method: "POST",
          path: `/chat/download${kind}`,
          body: {
            Url: media.url,
            DirectPath: media.directPath,
            MediaKey: media.mediaKey,
            Mimetype: media.mimetype,
            FileEncSHA256: media.fileEncSha256,
            FileSHA256: media.fileSha256,
            FileLength: media.fileLength,
          },
          schema: downloadSchema,
          carriesMedia: true,
        }),

      groupList: () => userCall({ method: "GET", path: "/group/list", schema: groupListSchema }),
      groupInfo: (jid: string) =>
        userCall({ method: "GET", path: "/group/info", query: { groupJID: jid }, schema: groupInfoSchema }),
    };
  }

  return {
    admin,
    forUser,
    /** Unauthenticated liveness, for readiness checks. */
    health: () => call(null, { method: "GET", path: "/health", schema: healthSchema, bare: true }),
  };
}

export type WuzapiClient = ReturnType<typeof createWuzapiClient>;
export type WuzapiUserClient = ReturnType<WuzapiClient["forUser"]>;
