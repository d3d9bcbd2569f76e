import type { PairedPhone } from "../store/user-record.js";
import { goTime } from "../util/go-time.js";
import { digitsOf, jidServer, jidUser, lidJid, phoneJid } from "../util/jid.js";
import { hashString, SeededRandom } from "../util/random.js";
import { type Contact, derivedLid, generatedStrangers, PERSONA_CONTACTS } from "./contacts.js";

export type GroupMember = { contact: Contact; isAdmin: boolean };

export type Group = {
  jid: string;
  name: string;
  topic: string;
  created: Date;
  members: GroupMember[];
};

const GROUP_NAMES = ["Family", "Weekend football", "Project Atlas", "Condo residents", "Book club"];
const STRANGERS_PER_PHONE = 5;
const GROUPS_PER_PHONE = 3;

/**
 * A simulated phone: the account that scanned the QR code, its address book and its groups. Everything
 * is derived from the phone number and the simulator seed, so a restart rebuilds the same phone.
 */
export class Phone {
  readonly contacts: readonly Contact[];
  readonly groups: readonly Group[];
  /** The account itself as a contact, for messages it sends. */
  readonly self: Contact;

  constructor(
    readonly identity: PairedPhone,
    seed: number,
  ) {
    this.self = {
      number: identity.number,
      jid: phoneJid(identity.number),
      lid: lidJid(identity.lid),
      fullName: identity.pushName,
      pushName: identity.pushName,
      businessName: "",
      kind: "generated",
      bot: false,
      addressing: "pn",
    };
    this.contacts = [...PERSONA_CONTACTS, ...generatedStrangers(identity.number, seed, STRANGERS_PER_PHONE)];
    this.groups = this.buildGroups(new SeededRandom(hashString(identity.number, seed ^ 0x6a09)));
  }

  /** `5511…:12@s.whatsapp.net`, the device JID WuzAPI stores in users.jid. */
  get deviceJid(): string {
    return `${this.identity.number}:${this.identity.device}@s.whatsapp.net`;
  }

  get deviceLid(): string {
    return `${this.identity.lid}:${this.identity.device}@lid`;
  }

  /** Finds a contact by number, phone JID or LID JID. */
  contact(reference: string): Contact | undefined {
    const server = jidServer(reference);
    if (server === "lid") {
      const lid = lidJid(jidUser(reference));
      return this.contacts.find((contact) => contact.lid === lid);
    }
    const number = digitsOf(reference);
    return this.contacts.find((contact) => contact.number === number);
  }

  group(jid: string): Group | undefined {
    return this.groups.find((group) => group.jid === jid);
  }

  /** The JID this phone uses for a contact's chat: `@lid` for contacts it knows only by LID. */
  chatJidOf(contact: Contact): string {
    return contact.addressing === "lid" ? contact.lid : contact.jid;
  }

  private buildGroups(random: SeededRandom): Group[] {
    const lidContacts = PERSONA_CONTACTS.filter((contact) => contact.addressing === "lid");
    const others = PERSONA_CONTACTS.filter(
      (contact) => contact.addressing === "pn" && contact.kind !== "landline",
    );
    return Array.from({ length: GROUPS_PER_PHONE }, (_, index) => {
      const members: GroupMember[] = [{ contact: this.self, isAdmin: index === 0 }];
      const lidMember = lidContacts[(index + random.int(0, 3)) % lidContacts.length];
      if (lidMember) members.push({ contact: lidMember, isAdmin: false });
      const size = random.int(3, 6);
      while (members.length < size + 2) {
        const candidate = random.pick(others);
        if (!members.some((member) => member.contact === candidate)) {
          members.push({ contact: candidate, isAdmin: members.length === 2 });
        }
      }
      return {
        jid: `120363${random.digits(12)}@g.us`,
        name: GROUP_NAMES[(index + random.int(0, GROUP_NAMES.length - 1)) % GROUP_NAMES.length] ?? "Group",
        topic: index === 1 ? "Be kind. No spam." : "",
        created: new Date(Date.now() - random.int(90, 900) * 86_400_000),
        members,
      };
    });
  }
}

/** How a group member is addressed inside a group: LID groups use `@lid` with the phone JID beside it. */
export function memberSenderJid(contact: Contact): {
  sender: string;
  senderAlt: string;
  addressing: "pn" | "lid";
} {
  return contact.addressing === "lid"
    ? { sender: contact.lid, senderAlt: contact.jid, addressing: "lid" }
    : { sender: contact.jid, senderAlt: contact.lid, addressing: "pn" };
}

/** whatsmeow's types.GroupInfo as WuzAPI returns it (embedded structs flattened). */
export function groupInfoJson(group: Group): Record<string, unknown> {
  const owner = group.members[0]?.contact;
  const created = goTime(group.created);
  return {
    JID: group.jid,
    OwnerJID: owner?.jid ?? "",
    OwnerPN: "",
    Name: group.name,
    NameSetAt: created,
    NameSetBy: owner?.jid ?? "",
    NameSetByPN: "",
    Topic: group.topic,
    TopicID: group.topic ? jidUser(group.jid).slice(-10) : "",
    TopicSetAt: created,
    TopicSetBy: group.topic ? (owner?.jid ?? "") : "",
    TopicSetByPN: "",
    TopicDeleted: false,
    IsLocked: false,
    IsAnnounce: false,
    AnnounceVersionID: String(group.created.getTime() * 1000),
    IsEphemeral: false,
    DisappearingTimer: 0,
    IsIncognito: false,
    IsParent: false,
    DefaultMembershipApprovalMode: "",
    LinkedParentJID: "",
    IsDefaultSubGroup: false,
    IsJoinApprovalRequired: false,
    AddressingMode: group.members.some((member) => member.contact.addressing === "lid") ? "lid" : "pn",
    GroupCreated: created,
    CreatorCountryCode: "",
    ParticipantVersionID: String(group.created.getTime() * 1000 + 1),
    Participants: group.members.map(({ contact, isAdmin }, index) => {
      const lidAddressed = contact.addressing === "lid";
      return {
        JID: lidAddressed ? contact.lid : contact.jid,
        PhoneNumber: lidAddressed ? contact.jid : "",
        LID: contact.lid,
        IsAdmin: isAdmin || index === 0,
        IsSuperAdmin: index === 0,
        DisplayName: "",
        Error: 0,
        AddRequest: null,
      };
    }),
    MemberAddMode: "all_member_add",
  };
}

/**
 * The phone a user gets when scanning without naming one: a São Paulo mobile derived from the user
 * id. Always a valid number (9 and eight digits), so it can be typed into a "new chat" box.
 */
export function derivePhoneIdentity(
  userId: string,
  seed: number,
  number?: string,
  pushName?: string,
): PairedPhone {
  const random = new SeededRandom(hashString(userId, seed));
  const derivedNumber = `55119${random.digits(8)}`;
  const finalNumber = number ?? derivedNumber;
  return {
    number: finalNumber,
    device: random.int(2, 60),
    lid: derivedLid(finalNumber),
    pushName: pushName ?? `Parley ${finalNumber.slice(-4)}`,
  };
}
