import { describe, expect, it } from "vitest";
import { bareJid, fromAddressBook, fromHistorySync, fromMessageEvent } from "./seen-contacts.js";

describe("contacts seen on WhatsApp", () => {
  it("normalises JIDs: no device part, lowercase", () => {
    expect(bareJid("5511912345678:12@S.WhatsApp.net")).toBe("5511912345678@s.whatsapp.net");
  });

  it("reads the address book, phone JIDs with their E.164 and LIDs as placeholders", () => {
    const seen = fromAddressBook([
      {
        jid: "5511912345678@s.whatsapp.net",
        fullName: "Ana Souza",
        pushName: "Ana",
        firstName: "",
        businessName: "",
      },
      { jid: "123456789012345@lid", pushName: "Lu" },
      { jid: "status@broadcast" },
    ]);
    expect(seen).toEqual([
      {
        jid: "5511912345678@s.whatsapp.net",
        lid: null,
        phoneE164: "+5511912345678",
        fullName: "Ana Souza",
        firstName: null,
        pushName: "Ana",
        businessName: null,
        isGroup: false,
        source: "address_book",
      },
      {
        jid: "123456789012345@lid",
        lid: "123456789012345@lid",
        phoneE164: null,
        fullName: null,
        firstName: null,
        pushName: "Lu",
        businessName: null,
        isGroup: false,
        source: "address_book",
      },
    ]);
  });

  it("takes an inbound sender by LID with the phone JID from SenderAlt", () => {
    const [contact] = fromMessageEvent({
      Info: {
        Chat: "999000111222333@lid",
        Sender: "999000111222333@lid",
        SenderAlt: "5521988887777@s.whatsapp.net",
        IsFromMe: false,
        PushName: "Rafa",
      },
    });
    expect(contact).toMatchObject({
      jid: "5521988887777@s.whatsapp.net",
      lid: "999000111222333@lid",
      phoneE164: "+5521988887777",
      pushName: "Rafa",
    });
  });

  it("does not give a chat partner our own push name on messages we sent", () => {
    const [contact] = fromMessageEvent({
      Info: {
        Chat: "5511912345678@s.whatsapp.net",
        Sender: "5511900000000@s.whatsapp.net",
        IsFromMe: true,
        PushName: "Me",
      },
    });
    expect(contact).toMatchObject({ jid: "5511912345678@s.whatsapp.net", pushName: null });
  });

  it("records a group and its sender separately", () => {
    const seen = fromMessageEvent({
      Info: {
        Chat: "120363025246125244@g.us",
        Sender: "5511912345678:3@s.whatsapp.net",
        IsGroup: true,
        IsFromMe: false,
        PushName: "Ana",
      },
    });
    expect(seen.map((contact) => [contact.jid, contact.isGroup])).toEqual([
      ["120363025246125244@g.us", true],
      ["5511912345678@s.whatsapp.net", false],
    ]);
  });

  it("reads history conversations, LID chats with their phone JID, group participants and push names", () => {
    const seen = fromHistorySync({
      Data: {
        pushnames: [{ ID: "5511911112222@s.whatsapp.net", pushname: "Bia" }],
        conversations: [
          { ID: "5531988887777@s.whatsapp.net", name: "Caio", lidJID: "111@lid", messages: [] },
          { ID: "222@lid", pnJID: "5521977776666@s.whatsapp.net", messages: [] },
          {
            ID: "120363000000000000@g.us",
            name: "Suppliers",
            messages: [
              {
                message: {
                  key: {
                    remoteJID: "120363000000000000@g.us",
                    fromMe: false,
                    participant: "5511933334444@s.whatsapp.net",
                  },
                  pushName: "Duda",
                },
              },
              {
                message: {
                  key: {
                    remoteJID: "120363000000000000@g.us",
                    fromMe: true,
                    participant: "5511900000000@s.whatsapp.net",
                  },
                },
              },
            ],
          },
        ],
      },
    });
    expect(
      seen.map((contact) => [
        contact.jid,
        contact.lid,
        contact.isGroup,
        contact.fullName ?? contact.pushName ?? null,
      ]),
    ).toEqual([
      ["5511911112222@s.whatsapp.net", null, false, "Bia"],
      ["5531988887777@s.whatsapp.net", "111@lid", false, "Caio"],
      ["5521977776666@s.whatsapp.net", "222@lid", false, null],
      ["120363000000000000@g.us", undefined, true, "Suppliers"],
      ["5511933334444@s.whatsapp.net", null, false, "Duda"],
    ]);
  });

  it("ignores malformed events instead of failing", () => {
    expect(fromMessageEvent(null)).toEqual([]);
    expect(fromMessageEvent({ Info: { Chat: 42 } })).toEqual([]);
    expect(fromHistorySync({ Data: { conversations: [null, { ID: "" }, "x"] } })).toEqual([]);
  });
});
