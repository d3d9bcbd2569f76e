import { lidJid, phoneJid } from "../util/jid.js";
import { hashString, SeededRandom } from "../util/random.js";
import { PERSONAS, type Persona } from "./personas.js";

export type ContactKind = Persona["kind"] | "generated";

/** Someone a simulated phone can talk to. */
export type Contact = {
  number: string;
  /** Phone-number JID (`…@s.whatsapp.net`). */
  jid: string;
  /** LID JID (`…@lid`). */
  lid: string;
  /** The name saved in the phone's address book; empty when the number is not saved. */
  fullName: string;
  pushName: string;
  businessName: string;
  kind: ContactKind;
  bot: boolean;
  /** `lid` contacts are known to the phone only by their LID; their phone JID travels in SenderAlt. */
  addressing: "pn" | "lid";
};

const FIRST_NAMES = ["Lucas", "Marta", "Kenji", "Aisha", "Pedro", "Nina", "Omar", "Clara", "Ravi", "Elena"];
const LAST_NAMES = ["Pereira", "Okafor", "Tanaka", "Haddad", "Costa", "Novak", "Ferreira", "Ito", "Mendes"];

/** A stable LID for numbers the fixture gives none: WhatsApp assigns every account one. */
export function derivedLid(number: string): string {
  const random = new SeededRandom(hashString(number, 0x11d));
  return `${random.int(1, 2)}${random.digits(14)}`;
}

export function personaContact(persona: Persona): Contact {
  const lid = persona.lid ?? derivedLid(persona.waNumber);
  const isStranger = persona.kind === "stranger";
  return {
    number: persona.waNumber,
    jid: phoneJid(persona.waNumber),
    lid: lidJid(lid),
    // Strangers are not saved on the phone; WhatsApp only knows their push name.
    fullName: isStranger ? "" : persona.name,
    pushName: persona.kind === "landline" ? "" : persona.name,
    businessName: persona.kind === "landline" ? persona.name : "",
    kind: persona.kind,
    bot: persona.bot === true,
    addressing: persona.kind === "lid" ? "lid" : "pn",
  };
}

/** A few unsaved numbers that exist only on one phone, so each account also sees unknown people. */
export function generatedStrangers(phoneNumber: string, seed: number, count: number): Contact[] {
  const random = new SeededRandom(hashString(phoneNumber, seed));
  return Array.from({ length: count }, () => {
    const number = `55${random.pick(["11", "21", "31", "41", "51"])}9${random.digits(8)}`;
    const pushName = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    return {
      number,
      jid: phoneJid(number),
      lid: lidJid(derivedLid(number)),
      fullName: "",
      pushName,
      businessName: "",
      kind: "generated" as const,
      bot: false,
      addressing: "pn" as const,
    };
  });
}

export const PERSONA_CONTACTS: readonly Contact[] = PERSONAS.map(personaContact);

/**
 * What WhatsApp answers for a number typed in another format: Brazilian mobiles registered before the
 * 9th digit keep the 8-digit form, Argentine mobiles carry a 9 after 54, Mexican ones a 1 after 52.
 */
export function whatsappNumberVariants(digits: string): string[] {
  const variants = [digits];
  const brazil = /^55(\d{2})(\d{8,9})$/.exec(digits);
  if (brazil?.[2]?.length === 9 && brazil[2].startsWith("9"))
    variants.push(`55${brazil[1]}${brazil[2].slice(1)}`);
  if (brazil?.[2]?.length === 8) variants.push(`55${brazil[1]}9${brazil[2]}`);
  if (/^54(?!9)\d{10}$/.test(digits)) variants.push(`549${digits.slice(2)}`);
  if (/^52(?!1)\d{10}$/.test(digits)) variants.push(`521${digits.slice(2)}`);
  return variants;
}
