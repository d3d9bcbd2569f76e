import type { Config } from "../../config.js";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.js";
import { normalizeTypedPhone } from "../../lib/phone.js";
import type { AuditRepo } from "../audit/audit.repo.js";
import type { CurrentUser } from "../auth/auth.service.js";
import type { Contact, ContactQuery, Directory } from "../directory/directory.js";

export interface ContactInput {
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  tagId: number | null;
  notes: string | null;
}

export const presentContact = (contact: Contact) => ({
  id: contact.id,
  name: contact.name,
  company: contact.company,
  email: contact.email,
  phone: contact.phone,
  phoneE164: contact.phoneE164,
  tagId: contact.tagId,
  notes: contact.notes,
  createdAt: contact.createdAt.toISOString(),
  updatedAt: contact.updatedAt.toISOString(),
});

export interface ContactsServiceDeps {
  directory: Pick<Directory, "contacts" | "tags">;
  audit: Pick<AuditRepo, "record">;
  config: Pick<Config, "phoneDefaultRegion">;
  /** Called after the contact book changed, so WhatsApp contacts are matched again. */
  onBookChanged?: () => void;
}

export function createContactsService(deps: ContactsServiceDeps) {
  const { contacts, tags } = deps.directory;

  /** Validates the phone and tag of a write; returns the E.164 form to store. */
  async function checkWrite(
    input: Partial<ContactInput>,
    exceptId: number | null,
  ): Promise<string | null | undefined> {
    if (input.tagId !== undefined && input.tagId !== null && !(await tags.findById(input.tagId))) {
      throw new ValidationError("tagId: no such tag", { field: "tagId" });
    }
    if (input.phone === undefined) return undefined;
    const phone = normalizeTypedPhone(input.phone, deps.config.phoneDefaultRegion);
    if (!phone.valid) throw new ValidationError("phone: not a valid phone number", { field: "phone" });
    if (phone.e164) {
      const existing = (await contacts.findByPhoneE164(phone.e164)).find(
        (contact) => contact.id !== exceptId,
      );
      if (existing) {
        throw new ConflictError(`${existing.name} already has this phone number`, "duplicate_phone", {
          contactId: existing.id,
          name: existing.name,
        });
      }
    }
    return phone.e164;
  }

  return {
    /** What the contact form shows while a phone is typed: valid or not, its E.164, who has it already. */
    async checkPhone(phone: string, exceptId: number | null) {
      const normalized = normalizeTypedPhone(phone, deps.config.phoneDefaultRegion);
      const holder = normalized.e164
        ? (await contacts.findByPhoneE164(normalized.e164)).find((contact) => contact.id !== exceptId)
        : undefined;
      return {
        valid: normalized.valid,
        e164: normalized.e164,
        duplicate: holder ? { contactId: holder.id, name: holder.name } : null,
      };
    },

    async search(query: ContactQuery) {
      const { items, total, totalIsCapped = false } = await contacts.search(query);
      return { items: items.map(presentContact), total, totalIsCapped };
    },

    async get(id: number) {
      const contact = await contacts.findById(id);
      if (!contact) throw new NotFoundError("No such contact", "contact_not_found");
      return presentContact(contact);
    },

    async create(actor: CurrentUser, input: ContactInput) {
      const phoneE164 = (await checkWrite(input, null)) ?? null;
      const contact = await contacts.create({ ...input, phoneE164, createdBy: actor.id });
      deps.onBookChanged?.();
      await deps.audit.record({
        userId: actor.id,
        action: "contact.created",
        targetType: "contact",
        targetId: contact.id,
        details: { name: contact.name },
      });
      return presentContact(contact);
    },

    async update(actor: CurrentUser, id: number, patch: Partial<ContactInput>) {
      if (!(await contacts.findById(id))) throw new NotFoundError("No such contact", "contact_not_found");
      const phoneE164 = await checkWrite(patch, id);
      const contact = await contacts.update(id, { ...patch, ...(phoneE164 !== undefined && { phoneE164 }) });
      if (!contact) throw new NotFoundError("No such contact", "contact_not_found");
      if (phoneE164 !== undefined) deps.onBookChanged?.();
      await deps.audit.record({
        userId: actor.id,
        action: "contact.updated",
        targetType: "contact",
        targetId: id,
        details: { fields: Object.keys(patch) },
      });
      return presentContact(contact);
    },

    async remove(actor: CurrentUser, id: number) {
      const contact = await contacts.findById(id);
      if (!contact || !(await contacts.remove(id)))
        throw new NotFoundError("No such contact", "contact_not_found");
      deps.onBookChanged?.();
      await deps.audit.record({
        userId: actor.id,
        action: "contact.deleted",
        targetType: "contact",
        targetId: id,
        details: { name: contact.name },
      });
    },
  };
}

export type ContactsService = ReturnType<typeof createContactsService>;
