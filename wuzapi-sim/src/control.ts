import { z } from "zod";
import type { Faults } from "./context.js";
import { WuzapiError } from "./http/envelope.js";
import { MAX_SYNC_MESSAGES, type SyncSummary } from "./phones/history-sync.js";
import type { Content } from "./phones/wa-message.js";
import type { Services } from "./services.js";
import type { PairedPhone, UserRecord } from "./store/user-record.js";
import type { WebhookStats } from "./webhooks/dispatcher.js";

const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]{6,24}$/, "expected a phone number in international format")
  .transform((value) => value.replace(/\D/g, ""));

/** A phone number, or a JID (`…@s.whatsapp.net`, `…@lid`). */
const address = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]{6,24}(@(s\.whatsapp\.net|lid))?$/, "expected a phone number or a JID");

export const scanSchema = z.object({
  phone: phoneNumber.optional(),
  pushName: z.string().trim().min(1).max(100).optional(),
});

const inboundMediaSchema = z.object({
  kind: z.enum(["image", "document", "audio", "video"]),
  mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/, "expected a MIME type"),
  base64: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9+/\s]*={0,2}$/, "expected base64"),
  fileName: z.string().min(1).max(255).optional(),
});

export const inboundSchema = z
  .object({
    from: address,
    text: z.string().max(65_536).optional(),
    media: inboundMediaSchema.optional(),
    quotedId: z.string().min(1).max(128).optional(),
    fromLid: z.boolean().optional(),
    group: z
      .string()
      .regex(/^\d+@g\.us$/, "expected a group JID")
      .optional(),
  })
  .refine((input) => input.text !== undefined || input.media !== undefined, "text or media is required");

export const phoneSendSchema = z.object({
  to: z
    .string()
    .trim()
    .regex(/^\+?[\d\s().-]{6,24}(@(s\.whatsapp\.net|lid|g\.us))?$/, "expected a number or a JID"),
  text: z.string().min(1).max(65_536),
});

export const historySyncSchema = z
  .object({
    conversations: z.number().int().min(1).max(MAX_SYNC_MESSAGES).default(25),
    messagesPerConversation: z.number().int().min(1).max(MAX_SYNC_MESSAGES).default(20),
  })
  .refine(
    (input) => input.conversations * input.messagesPerConversation <= MAX_SYNC_MESSAGES,
    `at most ${MAX_SYNC_MESSAGES} messages per sync`,
  );

export const typingSchema = z.object({ from: address, state: z.enum(["composing", "paused", "recording"]) });

export const faultsSchema = z.object({
  delayMs: z.number().int().min(0).max(600_000).optional(),
  down: z.boolean().optional(),
  whatsappDown: z.boolean().optional(),
});

export type ScanInput = z.input<typeof scanSchema>;
export type InboundInput = z.input<typeof inboundSchema>;
export type PhoneSendInput = z.input<typeof phoneSendSchema>;
export type HistorySyncInput = z.input<typeof historySyncSchema>;
export type TypingInput = z.input<typeof typingSchema>;
export type FaultsInput = z.input<typeof faultsSchema>;

export type ScanResult = { jid: string; lid: string; number: string; pushName: string };

export type UserSnapshot = {
  id: string;
  name: string;
  connected: boolean;
  loggedIn: boolean;
  jid: string;
  events: string;
  webhook: string;
  phone: PairedPhone | null;
  peers: {
    number: string;
    jid: string;
    lid: string;
    name: string;
    kind: string;
    bot: boolean;
    addressing: string;
  }[];
  groups: { jid: string; name: string; participants: number }[];
  webhooks: WebhookStats;
};

/** Drives the simulated phones: everything a person would do on the phone, plus injected faults. */
export type SimulatorControl = {
  /** Completes a pending QR code or pairing code: PairSuccess, Connected, then HistorySync. */
  scan(userId: string, input?: ScanInput): ScanResult;
  /** A message from someone else arrives on the phone. */
  inbound(userId: string, input: InboundInput): { id: string };
  /** A message typed on the phone itself (delivered with IsFromMe). */
  phoneSend(userId: string, input: PhoneSendInput): { id: string };
  /** The device is removed from the phone's linked devices (LoggedOut). */
  unlink(userId: string): void;
  /** An extra HistorySync of up to 100,000 messages, cut into several events. */
  historySync(userId: string, input?: HistorySyncInput): Promise<SyncSummary>;
  /** The connection to WhatsApp drops (Disconnected); the client is gone until the next connect. */
  drop(userId: string): void;
  /** A contact starts or stops typing (ChatPresence). */
  typing(userId: string, input: TypingInput): void;
  /** Slows WuzAPI down or takes it offline; returns the faults now in force. */
  faults(input: FaultsInput): Faults;
  user(userId: string): UserSnapshot;
  /** Resolves once every queued webhook was delivered or dropped. */
  webhooksIdle(): Promise<void>;
};

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new WuzapiError(400, `${path ? `${path}: ` : ""}${issue?.message ?? "invalid input"}`);
  }
  return result.data;
}

export function createControl(services: Services): SimulatorControl {
  const { context, sessions, messenger, historySync } = services;

  const userById = (userId: string): UserRecord => {
    const user = context.users.get(userId);
    if (!user) throw new WuzapiError(404, "user not found");
    return user;
  };

  const inboundContent = (user: UserRecord, input: z.output<typeof inboundSchema>): Content => {
    const ownJid = context.phones.phoneOf(user)?.self.jid ?? "";
    const quote = input.quotedId ? messenger.quoteFor(user.id, input.quotedId, ownJid) : undefined;
    if (!input.media) return { kind: "text", text: input.text ?? "", quote, extended: quote !== undefined };
    const media = context.media.put(Buffer.from(input.media.base64, "base64"), input.media.mimeType);
    return { kind: input.media.kind, media, caption: input.text, fileName: input.media.fileName, quote };
  };

  return {
    scan(userId, input) {
      const user = userById(userId);
      const { phone, pushName } = parse(scanSchema, input);
      const paired = sessions.scan(user.id, { phone, pushName });
      return {
        jid: paired.deviceJid,
        lid: paired.deviceLid,
        number: paired.identity.number,
        pushName: paired.identity.pushName,
      };
    },
    inbound(userId, input) {
      const user = userById(userId);
      const parsed = parse(inboundSchema, input);
      const content = inboundContent(user, parsed);
      return {
        id: messenger.receive(user, {
          from: parsed.from,
          content,
          fromLid: parsed.fromLid,
          group: parsed.group,
        }),
      };
    },
    phoneSend(userId, input) {
      const user = userById(userId);
      const parsed = parse(phoneSendSchema, input);
      return { id: messenger.sendFromPhone(user, parsed.to, { kind: "text", text: parsed.text }) };
    },
    unlink(userId) {
      sessions.unlink(userById(userId));
    },
    async historySync(userId, input) {
      const user = userById(userId);
      const parsed = parse(historySyncSchema, input);
      const phone = messenger.onlinePhone(user);
      return historySync.bulk(user, phone, parsed.conversations, parsed.messagesPerConversation);
    },
    drop(userId) {
      sessions.drop(userById(userId));
    },
    typing(userId, input) {
      const parsed = parse(typingSchema, input);
      messenger.typing(userById(userId), parsed.from, parsed.state);
    },
    faults(input) {
      const parsed = parse(faultsSchema, input);
      Object.assign(
        context.faults,
        Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)),
      );
      return { ...context.faults };
    },
    user(userId) {
      const user = userById(userId);
      const client = sessions.client(user.id);
      const phone = context.phones.phoneOf(user);
      return {
        id: user.id,
        name: user.name,
        connected: client?.connected ?? false,
        loggedIn: client?.loggedIn ?? false,
        jid: user.jid,
        events: user.events,
        webhook: user.webhook,
        phone: user.phone,
        peers: (phone?.contacts ?? []).map((contact) => ({
          number: contact.number,
          jid: contact.jid,
          lid: contact.lid,
          name: contact.fullName || contact.pushName,
          kind: contact.kind,
          bot: contact.bot,
          addressing: contact.addressing,
        })),
        groups: (phone?.groups ?? []).map((group) => ({
          jid: group.jid,
          name: group.name,
          participants: group.members.length,
        })),
        webhooks: context.dispatcher.stats(user.id),
      };
    },
    webhooksIdle: () => context.dispatcher.idle(),
  };
}
