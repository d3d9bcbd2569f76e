import type { HistoryInsert } from "../store/message-history.js";
import { phoneJid } from "../util/jid.js";
import { hashString, SeededRandom } from "../util/random.js";
import { BOT_REPLIES, CHAT_LINES, DOCUMENT_TITLES, PLACES, REACTIONS } from "./chat-corpus.js";
import { type Contact, derivedLid } from "./contacts.js";
import type { MediaStore } from "./media-store.js";
import { type Group, memberSenderJid, type Phone } from "./phone.js";
import { sampleOgg, samplePdf, samplePng } from "./sample-media.js";
import { type Content, historyColumns, type MessageKey, vcard, waMessage } from "./wa-message.js";

/** One message of a HistorySync conversation plus the message_history row WuzAPI stores for it. */
export type GeneratedMessage = { web: Record<string, unknown>; row: HistoryInsert; timestampMs: number };

export type GeneratedConversation = {
  /** Conversation fields other than `messages` (ID, name, unreadCount…). */
  fields: Record<string, unknown>;
  /** Oldest first. */
  messages: GeneratedMessage[];
};

type Peer = { kind: "direct"; contact: Contact } | { kind: "group"; group: Group };

const DAY_MS = 86_400_000;
const IMAGE_COLOURS: readonly [number, number, number][] = [
  [52, 152, 219],
  [46, 204, 113],
  [231, 76, 60],
  [241, 196, 15],
  [155, 89, 182],
];

/** WebMessageInfo.Status for messages the phone sent (enums travel as numbers). */
const STATUS_READ = 4;
const STATUS_DELIVERY_ACK = 3;

/**
 * Builds a phone's past chats: texts, replies, reactions, media, locations and contact cards from and to
 * its contacts and groups, as WhatsApp's HistorySync delivers them (whatsmeow JSON names).
 */
export class HistoryGenerator {
  constructor(
    private readonly phone: Phone,
    private readonly media: MediaStore,
    private readonly seed: number,
  ) {}

  /** About 25 conversations of 5–40 messages over the last 60 days, the ones WhatsApp pushes at pairing. */
  initial(): GeneratedConversation[] {
    const random = new SeededRandom(hashString(this.phone.identity.number, this.seed ^ 0x51));
    const direct = this.phone.contacts.filter((contact) => contact.kind !== "stranger" || contact.bot);
    const chosen = [
      ...direct.filter((contact) => contact.addressing === "lid"),
      ...direct.filter((contact) => contact.addressing === "pn"),
    ].slice(0, 22);
    const peers: Peer[] = [
      ...chosen.map((contact): Peer => ({ kind: "direct", contact })),
      ...this.phone.groups.map((group): Peer => ({ kind: "group", group })),
    ];
    const now = Date.now();
    return peers.map((peer) =>
      this.conversation(
        peer,
        random.int(5, 40),
        now - 60 * DAY_MS,
        now - random.int(1, 72) * 3_600_000,
        random,
      ),
    );
  }

  /** `count` conversations of `perConversation` messages, generated lazily for big syncs. */
  *bulk(count: number, perConversation: number, batchId: number): Generator<GeneratedConversation> {
    const random = new SeededRandom(hashString(`${this.phone.identity.number}/${batchId}`, this.seed));
    const known: Peer[] = [
      ...this.phone.contacts.map((contact): Peer => ({ kind: "direct", contact })),
      ...this.phone.groups.map((group): Peer => ({ kind: "group", group })),
    ];
    const now = Date.now();
    for (let index = 0; index < count; index++) {
      const peer = known[index] ?? { kind: "direct", contact: syntheticContact(index) };
      yield this.conversation(
        peer,
        perConversation,
        now - 365 * DAY_MS,
        now - random.int(1, 240) * 3_600_000,
        random,
      );
    }
  }

  /** Older messages of one chat, ending before `beforeMs` (an on-demand history request). */
  onDemand(chatJid: string, count: number, beforeMs: number): GeneratedConversation {
    const random = new SeededRandom(hashString(`${chatJid}/${beforeMs}`, this.seed));
    const group = this.phone.group(chatJid);
    const contact = this.phone.contact(chatJid) ?? syntheticContact(0, chatJid);
    const peer: Peer = group ? { kind: "group", group } : { kind: "direct", contact };
    const end = beforeMs - 60_000;
    return this.conversation(peer, count, end - 30 * DAY_MS, end, random);
  }

  private conversation(peer: Peer, count: number, startMs: number, endMs: number, random: SeededRandom) {
    const chatJid = peer.kind === "group" ? peer.group.jid : this.phone.chatJidOf(peer.contact);
    const messages: GeneratedMessage[] = [];
    const step = Math.max(1, Math.floor((endMs - startMs) / Math.max(1, count)));
    for (let index = 0; index < count; index++) {
      const timestampMs = startMs + step * index + random.int(0, Math.max(0, step - 1000));
      messages.push(this.message(peer, chatJid, timestampMs, messages, random));
    }
    const last = messages.at(-1);
    const lastIncoming = last !== undefined && !(last.web.key as MessageKey).fromMe;
    const fields: Record<string, unknown> = {
      ID: chatJid,
      lastMsgTimestamp: Math.floor((last?.timestampMs ?? endMs) / 1000),
      conversationTimestamp: Math.floor((last?.timestampMs ?? endMs) / 1000),
      unreadCount: lastIncoming ? random.int(0, 3) : 0,
    };
    if (peer.kind === "group") fields.name = peer.group.name;
    else {
      if (peer.contact.fullName) fields.name = peer.contact.fullName;
      if (peer.contact.addressing === "lid") fields.pnJID = peer.contact.jid;
      else fields.lidJID = peer.contact.lid;
    }
    return { fields, messages };
  }

  private message(
    peer: Peer,
    chatJid: string,
    timestampMs: number,
    earlier: GeneratedMessage[],
    random: SeededRandom,
  ): GeneratedMessage {
    const fromMe = random.chance(0.35);
    const author = fromMe ? this.phone.self : this.authorOf(peer, random);
    const isGroup = peer.kind === "group";
    const participant = isGroup && !fromMe ? memberSenderJid(author).sender : undefined;
    const id = `${fromMe ? "3EB0" : "3A"}${random.hex(9)}`;
    const content = this.content(chatJid, isGroup, earlier, random, peer);
    const key: MessageKey = { remoteJID: chatJid, fromMe, ID: id, ...(participant ? { participant } : {}) };
    const web: Record<string, unknown> = {
      key,
      message: waMessage(content, timestampMs),
      messageTimestamp: Math.floor(timestampMs / 1000),
    };
    if (fromMe) web.status = random.chance(0.8) ? STATUS_READ : STATUS_DELIVERY_ACK;
    else web.pushName = author.pushName;
    if (participant) web.participant = participant;
    const columns = historyColumns(content);
    return {
      web,
      timestampMs,
      row: {
        chat_jid: chatJid,
        sender_jid: fromMe ? this.phone.self.jid : (participant ?? chatJid),
        message_id: id,
        message_type: columns.messageType,
        text_content: columns.text,
        media_link: "",
        quoted_message_id: columns.quotedId,
        data_json: JSON.stringify(web),
      },
    };
  }

  private authorOf(peer: Peer, random: SeededRandom): Contact {
    if (peer.kind === "direct") return peer.contact;
    const others = peer.group.members.filter((member) => member.contact !== this.phone.self);
    return random.pick(others).contact;
  }

  private content(
    chatJid: string,
    isGroup: boolean,
    earlier: GeneratedMessage[],
    random: SeededRandom,
    peer: Peer,
  ) {
    const roll = random.next();
    const previous =
      earlier.length > 0
        ? earlier[random.int(Math.max(0, earlier.length - 5), earlier.length - 1)]
        : undefined;
    const previousKey = previous?.web.key as MessageKey | undefined;
    const previousText = previous?.row.message_type === "text" ? previous.row.text_content : undefined;
    const line =
      peer.kind === "direct" && peer.contact.bot ? random.pick(BOT_REPLIES) : random.pick(CHAT_LINES);
    if (roll < 0.08 && previousKey) {
      return { kind: "reaction", key: previousKey, emoji: random.pick(REACTIONS) } satisfies Content;
    }
    if (roll < 0.18 && previousKey && previousText !== undefined) {
      const quotedAuthor = previousKey.fromMe ? this.phone.self.jid : (previousKey.participant ?? chatJid);
      return {
        kind: "text",
        text: random.pick(CHAT_LINES),
        quote: { id: previousKey.ID, participant: quotedAuthor, text: previousText },
      } satisfies Content;
    }
    if (roll < 0.25) {
      const media = this.media.put(samplePng(random.pick(IMAGE_COLOURS)), "image/png");
      return {
        kind: "image",
        media,
        caption: random.chance(0.5) ? random.pick(CHAT_LINES) : "",
      } satisfies Content;
    }
    if (roll < 0.29) {
      const title = random.pick(DOCUMENT_TITLES);
      return {
        kind: "document",
        media: this.media.put(samplePdf(title), "application/pdf"),
        fileName: title,
      } satisfies Content;
    }
    if (roll < 0.33) {
      const media = this.media.put(sampleOgg(), "audio/ogg; codecs=opus");
      return { kind: "audio", media, seconds: random.int(2, 40) } satisfies Content;
    }
    if (roll < 0.36) {
      const place = random.pick(PLACES);
      return { kind: "location", ...place } satisfies Content;
    }
    if (roll < 0.39 && !isGroup) {
      const shared = random.pick(this.phone.contacts);
      const name = shared.fullName || shared.pushName || shared.number;
      return { kind: "contact", displayName: name, vcard: vcard(name, shared.number) } satisfies Content;
    }
    return { kind: "text", text: line } satisfies Content;
  }
}

/** Numbers beyond the address book, for syncs larger than the phone's contacts. */
function syntheticContact(index: number, jid?: string): Contact {
  const number = jid
    ? jid.split("@")[0]?.replace(/\D/g, "") || "0"
    : `5521${9_0000_0000 + (index % 99_999_999)}`;
  return {
    number,
    jid: phoneJid(number),
    lid: `${derivedLid(number)}@lid`,
    fullName: "",
    pushName: `Contact ${number.slice(-4)}`,
    businessName: "",
    kind: "generated",
    bot: false,
    addressing: "pn",
  };
}
