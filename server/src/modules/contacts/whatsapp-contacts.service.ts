import type { Logger } from "pino";
import type { AccountRow, MatchKind } from "../../db/schema.js";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.js";
import { createKeyedQueue } from "../../lib/keyed-queue.js";
import { jidToE164 } from "../../lib/phone.js";
import type { AuditRepo } from "../audit/audit.repo.js";
import type { CurrentUser } from "../auth/auth.service.js";
import type { Directory } from "../directory/directory.js";
import type { RealtimeHub } from "../realtime/hub.js";
import type { AccountRepo } from "../whatsapp/account.repo.js";
import type { AccountService } from "../whatsapp/account.service.js";
import { type ContactInput, type ContactsService, presentContact } from "./contacts.service.js";
import { createOrgIndex, matchWhatsappContacts, type OrgIndex } from "./matching/match-engine.js";
import { bareJid, fromAddressBook } from "./seen-contacts.js";
import type {
  MatchFilter,
  SeenContact,
  WhatsappContactRow,
  WhatsappContactsRepo,
} from "./whatsapp-contacts.repo.js";

/** How long a built index of the contact book is reused before it is read again (other processes' edits). */
const ORG_INDEX_TTL_MS = 30_000;
/** LIDs in an address book resolved to phone numbers per pull (one WuzAPI call each). */
const MAX_LID_LOOKUPS = 200;

export interface WhatsappContactsServiceDeps {
  repo: WhatsappContactsRepo;
  accounts: Pick<AccountRepo, "findByUserId" | "findById">;
  whatsapp: Pick<AccountService, "clientFor">;
  directory: Pick<Directory, "contacts" | "tags">;
  contacts: Pick<ContactsService, "create">;
  audit: Pick<AuditRepo, "record">;
  hub: Pick<RealtimeHub, "publish">;
  logger: Logger;
  /** After LID placeholders merged into phone JIDs: the chats module moves LID chats along. */
  lidsResolved?: (accountId: number) => Promise<void>;
}

export function presentWhatsappContact(row: WhatsappContactRow) {
  return {
    id: row.id,
    jid: row.jid,
    lid: row.lid,
    phoneE164: row.phone_e164,
    name: row.full_name ?? row.push_name ?? row.business_name ?? row.first_name ?? null,
    pushName: row.push_name,
    fullName: row.full_name,
    businessName: row.business_name,
    isGroup: row.is_group,
    source: row.source,
    contactRefId: row.contact_ref_id,
    matchKind: row.match_kind,
    candidates: row.match_candidates ?? [],
  };
}

/**
 * The WhatsApp contacts of each linked number, kept matched with the organisation's contact book:
 * pulled from the phone's address book, added from history and live messages, re-matched when the
 * book changes, and linked or unlinked by hand.
 */
export function createWhatsappContactsService(deps: WhatsappContactsServiceDeps) {
  let orgIndex: { index: OrgIndex; builtAt: number } | null = null;
  const running = new Map<number, Promise<void>>();
  // One account's contact writes (sightings, pulls, re-matches) run one at a time: two batches
  // touching the same rows in different orders would deadlock each other.
  const exclusively = createKeyedQueue<number>();

  let rebuilding: Promise<OrgIndex> | null = null;
  // Bumped by every edit: a rebuild that started before the edit must not be stored or reused.
  let generation = 0;
  const invalidateOrgIndex = () => {
    generation++;
    orgIndex = null;
    rebuilding = null;
  };
  const rebuildOrgIndex = (): Promise<OrgIndex> => {
    if (rebuilding) return rebuilding;
    const started = generation;
    const run = deps.directory.contacts
      .listPhones()
      .then((phones) => {
        const index = createOrgIndex(phones);
        if (started === generation) orgIndex = { index, builtAt: Date.now() };
        return index;
      })
      .finally(() => {
        if (rebuilding === run) rebuilding = null;
      });
    rebuilding = run;
    return run;
  };

  /**
   * The contact book's phone index. A stale one (other processes' edits) is still served while a
   * fresh one is built in the background, so no live message waits for 100k phones to be read;
   * after an edit in this process (`invalidateOrgIndex`) the next match waits for the new one.
   */
  async function currentOrgIndex(): Promise<OrgIndex> {
    if (!orgIndex) return rebuildOrgIndex();
    if (Date.now() - orgIndex.builtAt >= ORG_INDEX_TTL_MS) {
      void rebuildOrgIndex().catch((error) =>
        deps.logger.warn({ err: error }, "could not refresh the contact book index"),
      );
    }
    return orgIndex.index;
  }

  /** Matches an account's contacts, or only those with the given JIDs; returns how many changed. */
  async function match(accountId: number, jids?: readonly string[]): Promise<number> {
    const [rows, links, index] = await Promise.all([
      deps.repo.forMatching(accountId, jids),
      deps.repo.linksOf(accountId),
      currentOrgIndex(),
    ]);
    const { decisions } = matchWhatsappContacts({
      orgIndex: index,
      links: links.map((link) => ({
        jid: link.jid,
        ...(link.lid ? { lid: link.lid } : {}),
        contactRefId: link.contact_ref_id as number,
      })),
      whatsappContacts: rows.map((row) => ({
        id: row.id,
        jid: row.jid,
        lid: row.lid,
        phoneE164: row.phone_e164,
        isGroup: row.is_group,
        current: {
          contactRefId: row.contact_ref_id,
          matchKind: row.match_kind,
          candidates: row.match_candidates ?? [],
        },
      })),
    });
    await deps.repo.applyDecisions(decisions);
    return decisions.length;
  }

  async function tellOwner(accountId: number, reason: string) {
    const account = await deps.accounts.findById(accountId);
    if (account) await deps.hub.publish(account.user_id, { type: "contact.updated", reason });
  }

  /** Runs `work` for an account unless a run is already going; callers share the running one. */
  function once(accountId: number, work: () => Promise<void>): Promise<void> {
    const existing = running.get(accountId);
    if (existing) return existing;
    const run = work().finally(() => running.delete(accountId));
    running.set(accountId, run);
    return run;
  }

  async function mergeLids(accountId: number) {
    await deps.repo.mergeLidPlaceholders(accountId);
    await deps.lidsResolved?.(accountId);
  }

  async function ownAccount(user: CurrentUser): Promise<AccountRow> {
    const account = await deps.accounts.findByUserId(user.id);
    if (!account) throw new NotFoundError("Link your WhatsApp number first", "no_account");
    return account;
  }

  async function ownContact(user: CurrentUser, id: number) {
    const account = await ownAccount(user);
    const row = await deps.repo.findOwned(account.id, id);
    if (!row) throw new NotFoundError("No such WhatsApp contact", "contact_not_found");
    return { account, row };
  }

  return {
    /** Stores contacts seen in events, then matches the account's contacts. */
    async record(accountId: number, seen: SeenContact[]): Promise<void> {
      if (seen.length === 0) return;
      const changed = await exclusively(accountId, async () => {
        const written = await deps.repo.upsertMany(accountId, seen);
        // An unchanged sighting (most live messages) merges and matches nothing: its contact was
        // matched when it was written, and a contact-book change re-matches everyone.
        if (written.length === 0) return 0;
        // A placeholder can only merge once a LID pair is new: a row just written with a LID, or a
        // LID placeholder just written whose phone JID may be known.
        if (written.some((row) => row.lid || row.jid.endsWith("@lid"))) await mergeLids(accountId);
        // Only the contacts just written: a live message must not cost a pass over every contact.
        return match(
          accountId,
          written.map((row) => row.jid),
        );
      });
      if (changed > 0) await tellOwner(accountId, "matched");
    },

    /** Pulls the phone's address book (`GET /user/contacts`), resolving LIDs where WuzAPI can. */
    pullAddressBook(accountId: number): Promise<void> {
      return once(accountId, async () => {
        const account = await deps.accounts.findById(accountId);
        if (account?.state !== "connected") return;
        const client = deps.whatsapp.clientFor(account);
        const entries = await client.contacts();
        const seen = fromAddressBook(entries);
        const lids = seen.filter((contact) => contact.phoneE164 === null).slice(0, MAX_LID_LOOKUPS);
        for (const contact of lids) {
          const pair = await client.lid(contact.jid).catch(() => null);
          const phoneJid = pair?.jid ? bareJid(pair.jid) : null;
          // The same person under their phone JID: the LID placeholder is merged into it below.
          if (phoneJid && !phoneJid.endsWith("@lid"))
            seen.push({ ...contact, jid: phoneJid, phoneE164: jidToE164(phoneJid), lid: contact.jid });
        }
        await exclusively(accountId, async () => {
          await deps.repo.upsertMany(accountId, seen);
          await mergeLids(accountId);
          await match(accountId);
        });
        deps.logger.info({ accountId, contacts: seen.length }, "pulled the WhatsApp address book");
        await tellOwner(accountId, "pulled");
      });
    },

    /** The contact book changed: rebuild the index and re-match every account (incremental writes). */
    async rematchAll(): Promise<void> {
      invalidateOrgIndex();
      for (const accountId of await deps.repo.accountIds()) {
        if ((await exclusively(accountId, () => match(accountId))) > 0) await tellOwner(accountId, "matched");
      }
    },

    async list(
      user: CurrentUser,
      query: { q?: string | undefined; match: MatchFilter; offset: number; limit: number },
    ) {
      const account = await deps.accounts.findByUserId(user.id);
      if (!account) return { items: [], total: 0, totalIsCapped: false };
      const { items, total, totalIsCapped } = await deps.repo.search(account.id, query);
      const cards = new Map<number, ReturnType<typeof presentContact>>();
      const wanted = new Set(
        items.flatMap((row) =>
          [row.contact_ref_id, ...(row.match_candidates ?? [])].filter((id): id is number => id !== null),
        ),
      );
      await Promise.all(
        [...wanted].map(async (id) => {
          const contact = await deps.directory.contacts.findById(id);
          if (contact) cards.set(id, presentContact(contact));
        }),
      );
      return {
        total,
        totalIsCapped,
        items: items.map((row) => ({
          ...presentWhatsappContact(row),
          contact: row.contact_ref_id === null ? null : (cards.get(row.contact_ref_id) ?? null),
          candidateContacts: (row.match_candidates ?? []).flatMap((id) => cards.get(id) ?? []),
        })),
      };
    },

    async report(user: CurrentUser) {
      const account = await deps.accounts.findByUserId(user.id);
      return account
        ? deps.repo.counts(account.id)
        : { matched: 0, variant: 0, ambiguous: 0, unmatched: 0, groups: 0, total: 0 };
    },

    /** Links a WhatsApp contact to an org contact by hand; later automatic runs leave it alone. */
    async link(user: CurrentUser, id: number, contactRefId: number) {
      const { row } = await ownContact(user, id);
      if (row.is_group) throw new ValidationError("A group cannot be linked to a person");
      if (!(await deps.directory.contacts.findById(contactRefId)))
        throw new NotFoundError("No such contact", "contact_not_found");
      await setByHand(user, row, contactRefId, "contact.linked");
    },

    /** Unlinks by hand: the contact stays unlinked until someone links it again. */
    async unlink(user: CurrentUser, id: number) {
      const { row } = await ownContact(user, id);
      await setByHand(user, row, null, "contact.unlinked");
    },

    /** The + button: adds the WhatsApp contact to the contact book and links it at once. */
    async addToBook(user: CurrentUser, id: number, input: Omit<ContactInput, "phone">) {
      const { row } = await ownContact(user, id);
      if (row.is_group) throw new ValidationError("A group cannot be added as a contact");
      if (!row.phone_e164)
        throw new ConflictError("This contact's phone number is not known yet", "phone_unknown");
      if (row.contact_ref_id !== null) {
        throw new ConflictError("This WhatsApp contact is already in the contact book", "already_linked", {
          contactId: row.contact_ref_id,
        });
      }
      const contact = await deps.contacts.create(user, { ...input, phone: row.phone_e164 });
      invalidateOrgIndex();
      await setByHand(user, row, contact.id, "contact.added_from_whatsapp");
      return contact;
    },
  };

  async function setByHand(
    user: CurrentUser,
    row: WhatsappContactRow,
    contactRefId: number | null,
    action: string,
  ) {
    const kind: MatchKind = "manual";
    await deps.repo.setMatch(row.id, contactRefId, kind);
    await deps.audit.record({
      userId: user.id,
      action,
      targetType: "contact_whatsapp",
      targetId: row.id,
      details: { jid: row.jid, contactRefId, previous: row.contact_ref_id },
    });
    await deps.hub.publish(user.id, { type: "contact.updated", reason: action });
  }
}

export type WhatsappContactsService = ReturnType<typeof createWhatsappContactsService>;
