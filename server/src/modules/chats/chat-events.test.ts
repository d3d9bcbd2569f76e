import { describe, expect, it } from "vitest";
import {
  fromChatPresence,
  fromHistorySync,
  fromMessageEvent,
  fromReadReceipt,
  webMessageOfStored,
} from "./chat-events.js";

const OWN = "5511999990000@s.whatsapp.net";
const ANA = "5511912345678@s.whatsapp.net";
const ANA_LID = "123456789012345@lid";
const GROUP = "120363000000000001@g.us";

/** A `Message` event body as WuzAPI posts it (whatsmeow's events.Message, abridged). */
function messageEvent(message: object, info: Record<string, unknown> = {}, extras: object = {}) {
  return {
    Info: {
      Chat: ANA,
      Sender: ANA,
      IsFromMe: false,
      IsGroup: false,
      AddressingMode: "pn",
      SenderAlt: ANA_LID,
      RecipientAlt: "",
      ID: "3A0000000000000001",
      PushName: "Ana",
      Timestamp: "2026-04-20T10:00:00-03:00",
      Edit: "",
      ...info,
    },
    Message: message,
    IsEdit: false,
    ...extras,
  };
}

describe("chat events", () => {
  it("reads a text message: chat, sender, push name, time", () => {
    expect(fromMessageEvent(messageEvent({ conversation: "oi" }), OWN)).toEqual({
      chat: { jid: ANA, isGroup: false },
      entry: {
        kind: "message",
        message: {
          waId: "3A0000000000000001",
          fromMe: false,
          senderJid: ANA,
          senderName: "Ana",
          sentAt: new Date("2026-04-20T13:00:00Z"),
          type: "text",
          text: "oi",
          media: null,
          quotedWaId: null,
          status: "received",
        },
      },
    });
  });

  it("keys a LID-addressed chat by the phone JID in SenderAlt", () => {
    const parsed = fromMessageEvent(
      messageEvent(
        { conversation: "oi" },
        { Chat: ANA_LID, Sender: ANA_LID, SenderAlt: ANA, AddressingMode: "lid" },
      ),
      OWN,
    );
    expect(parsed?.chat).toEqual({ jid: ANA, isGroup: false });
    expect(parsed?.entry).toMatchObject({ message: { senderJid: ANA } });
  });

  it("reads a reply's quoted id and a group sender", () => {
    const parsed = fromMessageEvent(
      messageEvent(
        { extendedTextMessage: { text: "sim", contextInfo: { stanzaID: "3EB0AAAA", participant: OWN } } },
        { Chat: GROUP, Sender: `${ANA.split("@")[0]}:3@s.whatsapp.net`, IsGroup: true },
      ),
      OWN,
    );
    expect(parsed?.chat).toEqual({ jid: GROUP, isGroup: true });
    expect(parsed?.entry).toMatchObject({ message: { text: "sim", quotedWaId: "3EB0AAAA", senderJid: ANA } });
  });

  it("stores a message typed on the phone as my own, sent", () => {
    const parsed = fromMessageEvent(
      messageEvent(
        { conversation: "from my phone" },
        { IsFromMe: true, Sender: `${OWN.split("@")[0]}:0@s.whatsapp.net` },
      ),
      OWN,
    );
    expect(parsed?.entry).toMatchObject({
      message: { fromMe: true, status: "sent", senderJid: OWN, senderName: null },
    });
  });

  it("reads media: mime, name, size, caption and the download reference", () => {
    const parsed = fromMessageEvent(
      messageEvent(
        {
          documentMessage: {
            URL: "https://mmg.whatsapp.net/d/f/x.enc",
            mimetype: "application/pdf",
            fileSHA256: "c2hh",
            fileLength: "2048",
            mediaKey: "a2V5",
            fileEncSHA256: "ZW5j",
            directPath: "/v/t62/x.enc",
            fileName: "invoice.pdf",
            caption: "the invoice",
          },
        },
        { Type: "media", MediaType: "document" },
      ),
      OWN,
    );
    expect(parsed?.entry).toMatchObject({
      message: {
        type: "document",
        text: "the invoice",
        media: {
          mime: "application/pdf",
          name: "invoice.pdf",
          size: 2048,
          source: {
            kind: "download",
            url: "https://mmg.whatsapp.net/d/f/x.enc",
            directPath: "/v/t62/x.enc",
            mediaKey: "a2V5",
            fileEncSha256: "ZW5j",
            fileSha256: "c2hh",
            fileLength: 2048,
          },
        },
      },
    });
    const image = fromMessageEvent(messageEvent({ imageMessage: { mimetype: "image/png" } }), OWN);
    expect(image?.entry).toMatchObject({
      message: { type: "image", text: null, media: { mime: "image/png" } },
    });
  });

  it("reads locations and contact cards", () => {
    const location = fromMessageEvent(
      messageEvent({ locationMessage: { degreesLatitude: -23.5, degreesLongitude: -46.6, name: "Office" } }),
      OWN,
    );
    expect(location?.entry).toMatchObject({
      message: { type: "location", text: "Office", media: { source: { kind: "location", latitude: -23.5 } } },
    });
    const card = fromMessageEvent(
      messageEvent({ contactMessage: { displayName: "Bia", vcard: "BEGIN:VCARD\nFN:Bia\nEND:VCARD" } }),
      OWN,
    );
    expect(card?.entry).toMatchObject({ message: { type: "contact", text: "Bia" } });
  });

  it("reads a reaction as a change to its target, and an empty one as its removal", () => {
    const key = { remoteJID: ANA, fromMe: true, ID: "3EB0TARGET" };
    expect(fromMessageEvent(messageEvent({ reactionMessage: { key, text: "👍" } }), OWN)?.entry).toEqual({
      kind: "change",
      change: { kind: "reaction", targetWaId: "3EB0TARGET", senderJid: ANA, emoji: "👍" },
    });
    expect(fromMessageEvent(messageEvent({ reactionMessage: { key, text: "" } }), OWN)?.entry).toMatchObject({
      change: { emoji: null },
    });
  });

  it("reads an edit and a revoke (protocol messages)", () => {
    const key = { remoteJID: ANA, fromMe: false, ID: "3A00TARGET" };
    expect(
      fromMessageEvent(
        messageEvent(
          { protocolMessage: { key, type: 14, editedMessage: { conversation: "fixed typo" } } },
          { Edit: "1" },
        ),
        OWN,
      )?.entry,
    ).toEqual({
      kind: "change",
      change: {
        kind: "edit",
        targetWaId: "3A00TARGET",
        text: "fixed typo",
        at: new Date("2026-04-20T13:00:00Z"),
      },
    });
    expect(
      fromMessageEvent(messageEvent({ protocolMessage: { key, type: 0 } }, { Edit: "7" }), OWN)?.entry,
    ).toEqual({
      kind: "change",
      change: { kind: "revoke", targetWaId: "3A00TARGET", at: new Date("2026-04-20T13:00:00Z") },
    });
  });

  it("ignores events with nothing to show, keeps unknown content as unsupported", () => {
    expect(fromMessageEvent(messageEvent({ senderKeyDistributionMessage: {} }), OWN)).toBeNull();
    expect(fromMessageEvent(messageEvent({ protocolMessage: { type: 3 } }), OWN)).toBeNull();
    expect(fromMessageEvent({ Info: {} }, OWN)).toBeNull();
    // Status posts and newsletters are not conversations.
    expect(
      fromMessageEvent(messageEvent({ conversation: "my status" }, { Chat: "status@broadcast" }), OWN),
    ).toBeNull();
    expect(
      fromMessageEvent(messageEvent({ conversation: "news" }, { Chat: "1203630@newsletter" }), OWN),
    ).toBeNull();
    expect(
      fromMessageEvent(messageEvent({ pollCreationMessage: { name: "Lunch?" } }), OWN)?.entry,
    ).toMatchObject({
      message: { type: "unsupported", text: null },
    });
  });

  it("reads a history sync: conversations oldest first, own statuses, phone JIDs for LID chats", () => {
    const conversations = fromHistorySync(
      {
        Data: {
          syncType: 0,
          conversations: [
            {
              ID: ANA_LID,
              pnJID: ANA,
              name: "Ana Souza",
              unreadCount: 2,
              messages: [
                {
                  message: {
                    key: { remoteJID: ANA_LID, fromMe: true, ID: "3EB0NEWER" },
                    message: { conversation: "see you" },
                    messageTimestamp: 1_776_700_000,
                    status: 4,
                  },
                },
                {
                  message: {
                    key: { remoteJID: ANA_LID, fromMe: false, ID: "3AOLDER" },
                    message: { conversation: "hi" },
                    messageTimestamp: 1_776_690_000,
                    pushName: "Ana",
                  },
                },
              ],
            },
            { ID: GROUP, name: "Team", messages: [] },
          ],
        },
      },
      OWN,
    );
    expect(conversations).toHaveLength(2);
    const [ana, group] = conversations;
    expect(ana).toMatchObject({ chat: { jid: ANA, isGroup: false }, title: "Ana Souza", unreadCount: 2 });
    expect(ana?.entries.map((entry) => entry.kind === "message" && entry.message.waId)).toEqual([
      "3AOLDER",
      "3EB0NEWER",
    ]);
    expect(ana?.entries[1]).toMatchObject({ message: { fromMe: true, status: "read", senderJid: OWN } });
    expect(ana?.entries[0]).toMatchObject({
      message: { status: "received", senderName: "Ana", senderJid: ANA },
    });
    expect(group).toMatchObject({
      chat: { jid: GROUP, isGroup: true },
      title: "Team",
      unreadCount: 0,
      entries: [],
    });
  });

  it("reads receipts and typing", () => {
    expect(
      fromReadReceipt({
        type: "ReadReceipt",
        state: "Read",
        event: { Chat: ANA, Sender: ANA, IsFromMe: false, MessageIDs: ["3EB0A", "3EB0B"], Type: "read" },
      }),
    ).toEqual({
      chat: { jid: ANA, isGroup: false },
      waIds: ["3EB0A", "3EB0B"],
      status: "read",
      readBySelf: false,
    });
    expect(fromReadReceipt({ state: "ReadSelf", event: { Chat: ANA, MessageIDs: ["3A1"] } })).toMatchObject({
      status: "read",
      readBySelf: true,
    });
    expect(fromReadReceipt({ state: "Delivered", event: { Chat: ANA, MessageIDs: ["3EB0A"] } })?.status).toBe(
      "delivered",
    );
    expect(fromReadReceipt({ state: "Played", event: { Chat: ANA, MessageIDs: ["3EB0A"] } })).toBeNull();
    expect(fromChatPresence({ Chat: ANA, Sender: ANA, State: "composing", Media: "audio" })).toEqual({
      chat: { jid: ANA, isGroup: false },
      state: "composing",
      media: "audio",
    });
    expect(fromChatPresence({ Chat: ANA, State: "available" })).toBeNull();
  });
});

describe("webMessageOfStored", () => {
  const info = { Chat: ANA, Sender: ANA, IsFromMe: false, IsGroup: false, ID: "3AX", PushName: "Ana" };

  it("turns a stored live event (its webhook body) into a history message the history parser reads", () => {
    const stored = {
      type: "Message",
      event: { Info: { ...info, Timestamp: "2026-11-25T10:00:00Z" }, Message: { conversation: "hi" } },
    };
    const web = webMessageOfStored(stored);
    expect(web).toEqual({
      key: { remoteJID: ANA, fromMe: false, ID: "3AX" },
      message: { conversation: "hi" },
      messageTimestamp: Date.parse("2026-11-25T10:00:00Z") / 1000,
      pushName: "Ana",
    });
    const [conversation] = fromHistorySync(
      { Data: { conversations: [{ ID: ANA, messages: [{ message: web }] }] } },
      OWN,
    );
    expect(conversation?.entries).toMatchObject([{ kind: "message", message: { waId: "3AX", text: "hi" } }]);
  });

  it("keeps a stored history message as it is, and skips API sends stored without their event", () => {
    const web = { key: { remoteJID: ANA, fromMe: true, ID: "3AY" }, messageTimestamp: 1_764_000_000 };
    expect(webMessageOfStored(web)).toBe(web);
    expect(webMessageOfStored("")).toBeNull();
    expect(webMessageOfStored(null)).toBeNull();
    expect(webMessageOfStored({ event: { Info: { ...info, Timestamp: "" } } })).toBeNull();
  });
});
