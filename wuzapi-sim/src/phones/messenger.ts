import type { SimulatorContext } from "../context.js";
import { WuzapiError } from "../http/envelope.js";
import type { Sessions } from "../session/sessions.js";
import type { UserRecord } from "../store/user-record.js";
import { goJson } from "../util/go-json.js";
import { unixSeconds } from "../util/go-time.js";
import { jidServer } from "../util/jid.js";
import { apiMessageId, phoneMessageId } from "../util/random.js";
import { BOT_REPLIES } from "./chat-corpus.js";
import type { Contact } from "./contacts.js";
import { resolveCorrespondent } from "./correspondents.js";
import {
  chatPresenceEvent,
  type Envelope,
  messageEvent,
  receiptEvent,
  type Source,
} from "./event-builders.js";
import { type Group, memberSenderJid, type Phone } from "./phone.js";
import { type Content, historyColumns, type MessageKey, type Quote } from "./wa-message.js";

export type InboundInput = {
  /** Number or JID of the sender. */
  from: string;
  content: Content;
  /** Address a sender the phone knows by number through their LID instead. */
  fromLid?: boolean | undefined;
  /** Group JID, for a message written in a group. */
  group?: string | undefined;
  id?: string | undefined;
};

type Recipient =
  | { kind: "direct"; contact: Contact; chat: string }
  | { kind: "group"; group: Group; chat: string };

const RECENT_PER_USER = 1000;

/**
 * Message traffic of the simulated phones: inbound messages, messages typed on the phone, API sends with
 * their delivery and read receipts, bot replies, and messages between two simulator users.
 */
export class Messenger {
  /** Recently seen messages per user, to fill in quotes (id → text and author). */
  private readonly recent = new Map<string, Map<string, { text: string; author: string }>>();
  /** Messages one simulator user sent another: who to send the Read receipt to. */
  private readonly crossUser = new Map<string, { senderUserId: string; source: Source }>();

  constructor(
    private readonly context: SimulatorContext,
    private readonly sessions: Sessions,
  ) {}

  /** An online user's phone, or the control API's 409. */
  onlinePhone(user: UserRecord): Phone {
    const phone = this.context.phones.phoneOf(user);
    if (!phone || !this.sessions.online(user.id)) throw new WuzapiError(409, "phone is not connected");
    return phone;
  }

  /** A message someone else sends to the user's phone. */
  receive(user: UserRecord, input: InboundInput): string {
    const phone = this.onlinePhone(user);
    const contact = resolveCorrespondent(phone, input.from, this.context.users.all());
    const useLid = contact.addressing === "lid" || input.fromLid === true;
    const id = input.id ?? phoneMessageId();
    let source: Source;
    if (input.group) {
      const group = phone.group(input.group);
      if (!group) throw new WuzapiError(404, `unknown group ${input.group}`);
      const member = useLid
        ? { sender: contact.lid, senderAlt: contact.jid, addressing: "lid" as const }
        : memberSenderJid(contact);
      source = {
        chat: group.jid,
        sender: member.sender,
        senderAlt: member.senderAlt,
        addressingMode: member.addressing,
        isFromMe: false,
        isGroup: true,
      };
    } else {
      const chat = useLid ? contact.lid : contact.jid;
      source = {
        chat,
        sender: chat,
        senderAlt: useLid ? contact.jid : contact.lid,
        addressingMode: useLid ? "lid" : "pn",
        isFromMe: false,
        isGroup: false,
      };
    }
    this.deliverEvent(
      user,
      { ...source, id, pushName: contact.pushName, timestamp: wholeSecondsNow() },
      input.content,
    );
    return id;
  }

  /** A message typed on the phone itself: WuzAPI delivers it with IsFromMe. */
  sendFromPhone(user: UserRecord, to: string, content: Content): string {
    const phone = this.onlinePhone(user);
    const recipient = this.recipient(phone, to);
    const id = phoneMessageId();
    const self = phone.self.jid;
    this.deliverEvent(
      user,
      {
        chat: recipient.chat,
        sender: self,
        isFromMe: true,
        isGroup: recipient.kind === "group",
        addressingMode: recipient.chat.endsWith("@lid") ? "lid" : "pn",
        id,
        pushName: phone.identity.pushName,
        timestamp: wholeSecondsNow(),
        deviceSentTo: recipient.chat,
      },
      content,
    );
    this.afterOutgoing(user, phone, recipient, content, id);
    return id;
  }

  /**
   * A send through the REST API. Not echoed to the webhook (WuzAPI publishes sends to RabbitMQ only);
   * stored in history with sender "me" when history is on.
   */
  sendFromApi(
    user: UserRecord,
    phone: Phone,
    to: string,
    content: Content,
    requestedId: string,
  ): { id: string; timestamp: number } {
    const id = requestedId || apiMessageId();
    const recipient = this.recipient(phone, to);
    const columns = historyColumns(content);
    if (user.history > 0) {
      this.context.history.insert(
        user.id,
        {
          chat_jid: recipient.chat,
          sender_jid: "me",
          message_id: id,
          message_type: columns.messageType,
          text_content: columns.text,
          media_link: "",
          quoted_message_id: columns.quotedId,
          data_json: "",
        },
        user.history,
      );
    }
    this.remember(user.id, id, columns.text, phone.self.jid);
    this.afterOutgoing(user, phone, recipient, content, id);
    return { id, timestamp: unixSeconds() };
  }

  /** A contact typing (ChatPresence). */
  typing(user: UserRecord, from: string, state: "composing" | "paused" | "recording"): void {
    const phone = this.onlinePhone(user);
    const contact = resolveCorrespondent(phone, from, this.context.users.all());
    const chat = phone.chatJidOf(contact);
    const source: Source = { chat, sender: chat, isFromMe: false, isGroup: false };
    const media = state === "recording" ? "audio" : "";
    this.context.sink.emit(
      user,
      chatPresenceEvent(source, state === "paused" ? "paused" : "composing", media),
    );
  }

  /** /chat/markread: messages another simulator user sent get their Read receipt. */
  markRead(ids: readonly string[]): void {
    for (const id of ids) {
      const origin = this.crossUser.get(id);
      const sender = origin && this.context.users.get(origin.senderUserId);
      if (!origin || !sender || !this.sessions.online(sender.id)) continue;
      this.crossUser.delete(id);
      this.context.sink.emit(sender, receiptEvent(origin.source, [id], "Read", wholeSecondsNow()));
    }
  }

  /** The quote for a reply to a message the user has seen recently. */
  quoteFor(userId: string, id: string, fallbackAuthor: string): Quote {
    const seen = this.recent.get(userId)?.get(id);
    return { id, participant: seen?.author ?? fallbackAuthor, text: seen?.text ?? "" };
  }

  /** Resolves a send target: a group of the phone, or a person (contact, simulator user, or unknown). */
  recipient(phone: Phone, to: string): Recipient {
    if (jidServer(to) === "g.us") {
      const group = phone.group(to);
      if (!group)
        throw new WuzapiError(500, "error sending message: server returned error 404: item-not-found");
      return { kind: "group", group, chat: group.jid };
    }
    const contact = resolveCorrespondent(phone, to, this.context.users.all());
    const chat = jidServer(to) === "lid" ? contact.lid : phone.chatJidOf(contact);
    return { kind: "direct", contact, chat };
  }

  private deliverEvent(user: UserRecord, envelope: Envelope, content: Content): void {
    const event = messageEvent(envelope, content, user.mediaDelivery);
    const columns = historyColumns(content);
    this.remember(user.id, envelope.id, columns.text, envelope.sender);
    if (user.history > 0) {
      this.context.history.insert(
        user.id,
        {
          chat_jid: envelope.chat,
          sender_jid: envelope.sender,
          message_id: envelope.id,
          message_type: columns.messageType,
          text_content: columns.text,
          media_link: "",
          quoted_message_id: columns.quotedId,
          data_json: goJson(event),
        },
        user.history,
      );
    }
    this.context.sink.emit(user, event);
  }

  /** What happens on the other side of an outgoing message: receipts, bot replies, another user. */
  private afterOutgoing(
    user: UserRecord,
    phone: Phone,
    recipient: Recipient,
    content: Content,
    id: string,
  ): void {
    const receiptable = !["reaction", "edit", "revoke"].includes(content.kind);
    if (recipient.kind === "group") {
      const member = recipient.group.members.find((candidate) => candidate.contact !== phone.self)?.contact;
      if (member && receiptable) {
        const { sender } = memberSenderJid(member);
        this.scheduleReceipts(
          user,
          { chat: recipient.chat, sender, isFromMe: false, isGroup: true },
          id,
          true,
        );
      }
      return;
    }
    const { contact } = recipient;
    const source: Source = { chat: recipient.chat, sender: recipient.chat, isFromMe: false, isGroup: false };
    const peer = this.context.users.all().find((candidate) => candidate.phone?.number === contact.number);
    if (peer && peer.id !== user.id) {
      if (!this.sessions.online(peer.id)) return;
      this.receive(peer, { from: phone.self.jid, content: fromPeerPerspective(content, phone.self.jid), id });
      if (receiptable) {
        this.crossUser.set(id, { senderUserId: user.id, source });
        this.scheduleReceipts(user, source, id, false);
      }
      return;
    }
    if (!phone.contacts.includes(contact) || !receiptable) return;
    this.scheduleReceipts(user, source, id, true);
    if (contact.bot) this.scheduleBotReply(user, contact);
  }

  private scheduleReceipts(user: UserRecord, source: Source, id: string, read: boolean): void {
    const { receiptDelayMs, readDelayMs } = this.context.options.timings;
    const emit = (state: "Delivered" | "Read") => {
      if (this.sessions.online(user.id))
        this.context.sink.emit(user, receiptEvent(source, [id], state, wholeSecondsNow()));
    };
    this.context.timers.after(receiptDelayMs, () => emit("Delivered"));
    if (read) this.context.timers.after(receiptDelayMs + readDelayMs, () => emit("Read"));
  }

  private scheduleBotReply(user: UserRecord, bot: Contact): void {
    const delay = this.context.options.timings.botReplyDelayMs;
    this.context.timers.after(delay / 2, () => {
      if (this.sessions.online(user.id)) this.typing(user, bot.jid, "composing");
    });
    this.context.timers.after(delay, () => {
      if (!this.sessions.online(user.id)) return;
      const text = BOT_REPLIES[Math.floor(Math.random() * BOT_REPLIES.length)] ?? BOT_REPLIES[0];
      this.receive(user, { from: bot.number, content: { kind: "text", text } });
    });
  }

  private remember(userId: string, id: string, text: string, author: string): void {
    const seen = this.recent.get(userId) ?? new Map<string, { text: string; author: string }>();
    this.recent.set(userId, seen);
    seen.set(id, { text, author });
    if (seen.size > RECENT_PER_USER) {
      const oldest = seen.keys().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
  }
}

/** WhatsApp timestamps have whole seconds. */
function wholeSecondsNow(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

/** A reaction, edit or revoke refers to a message key; seen from the other phone, fromMe flips. */
function fromPeerPerspective(content: Content, senderJid: string): Content {
  if (content.kind !== "reaction" && content.kind !== "edit" && content.kind !== "revoke") return content;
  const key: MessageKey = { ...content.key, remoteJID: senderJid, fromMe: !content.key.fromMe };
  return { ...content, key };
}
