import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.js";
import type { WhatsappContactsRepo } from "../contacts/whatsapp-contacts.repo.js";
import type { Directory } from "../directory/directory.js";
import type { AccountRepo } from "../whatsapp/account.repo.js";
import type { FavouritesRepo, FavouriteTarget } from "./favourites.repo.js";

const MAX_FAVOURITES = 200;

export interface FavouritesServiceDeps {
  favourites: FavouritesRepo;
  directory: Pick<Directory, "contacts">;
  accounts: Pick<AccountRepo, "findByUserId">;
  whatsappContacts: Pick<WhatsappContactsRepo, "findOwned">;
}

/**
 * A user's pinned contacts: organisation contacts (shared by everyone) or WhatsApp contacts of
 * the user's own number (nobody else's). Each user has their own list and order.
 */
export function createFavouritesService(deps: FavouritesServiceDeps) {
  async function ownWhatsappContact(userId: number, id: number) {
    const account = await deps.accounts.findByUserId(userId);
    const contact = account ? await deps.whatsappContacts.findOwned(account.id, id) : undefined;
    if (!contact) throw new NotFoundError("No such WhatsApp contact", "contact_not_found");
    return contact;
  }

  return {
    async list(userId: number) {
      const records = await deps.favourites.list(userId);
      const items = await Promise.all(
        records.map(async (record) => {
          if (record.contactRefId !== null) {
            const contact = await deps.directory.contacts.findById(record.contactRefId);
            return contact
              ? {
                  ...record,
                  kind: "contact" as const,
                  name: contact.name,
                  phoneE164: contact.phoneE164,
                  tagId: contact.tagId,
                  company: contact.company,
                }
              : null;
          }
          const account = await deps.accounts.findByUserId(userId);
          const contact =
            account && record.contactWhatsappId !== null
              ? await deps.whatsappContacts.findOwned(account.id, record.contactWhatsappId)
              : undefined;
          return contact
            ? {
                ...record,
                kind: "whatsapp" as const,
                name:
                  contact.full_name ??
                  contact.push_name ??
                  contact.business_name ??
                  contact.phone_e164 ??
                  contact.jid,
                phoneE164: contact.phone_e164,
                tagId: null,
                company: null,
              }
            : null;
        }),
      );
      // A pinned org contact deleted from the (possibly external) directory simply drops out.
      return items.filter((item) => item !== null);
    },

    async add(userId: number, target: FavouriteTarget) {
      if ("contactRefId" in target) {
        if (!(await deps.directory.contacts.findById(target.contactRefId)))
          throw new NotFoundError("No such contact", "contact_not_found");
      } else {
        await ownWhatsappContact(userId, target.contactWhatsappId);
      }
      if ((await deps.favourites.count(userId)) >= MAX_FAVOURITES) {
        throw new ConflictError(`You can pin up to ${MAX_FAVOURITES} favourites`, "too_many_favourites");
      }
      return deps.favourites.add(userId, target);
    },

    async remove(userId: number, id: number) {
      if (!(await deps.favourites.remove(userId, id)))
        throw new NotFoundError("No such favourite", "favourite_not_found");
    },

    /** `ids` must be exactly the user's favourites, in the new order. */
    async reorder(userId: number, ids: number[]) {
      const current = (await deps.favourites.list(userId)).map((record) => record.id);
      const same =
        ids.length === current.length &&
        new Set(ids).size === ids.length &&
        ids.every((id) => current.includes(id));
      if (!same) throw new ValidationError("ids: must list each of your favourites exactly once");
      await deps.favourites.reorder(userId, ids);
    },
  };
}

export type FavouritesService = ReturnType<typeof createFavouritesService>;
