import { normalizeTypedPhone } from "../../lib/phone.js";

export interface PhoneIndexOptions {
  /** Every contact's id and phone as typed (one scan of two columns). */
  load(): Promise<Array<{ id: number; phone: string | null }>>;
  region: string;
  /** A lookup older than this rescans the contact book first. */
  maxAgeMs: number;
  now?: () => number;
}

interface Entry {
  phone: string | null;
  e164: string | null;
}

/**
 * E.164 phones for a contact book whose schema stores only the phone as typed (the organisation's
 * MySQL `contact_ref`). Parley derives them itself and keeps them in memory: a rescan reads just
 * `id, phone`, and only rows whose text changed are normalised again. Writes made through Parley
 * are applied at once, so they are visible to this process immediately; writes by other systems
 * are picked up by the next rescan (at most `maxAgeMs` later). See docs/directory.md.
 */
export class PhoneIndex {
  readonly #options: PhoneIndexOptions;
  readonly #now: () => number;
  #byId = new Map<number, Entry>();
  #byE164 = new Map<string, Set<number>>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | null = null;
  /** Writes that happened while a rescan was running: applied again on top of its result. */
  #pending: Array<{ id: number; phone: string | null | undefined }> | null = null;
  #invalidatedWhileLoading = false;

  constructor(options: PhoneIndexOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The E.164 form of a typed phone, reusing the index's work when the text is unchanged. */
  e164For(id: number, phone: string | null): string | null {
    const known = this.#byId.get(id);
    if (known && known.phone === phone) return known.e164;
    return normalizeTypedPhone(phone, this.#options.region).e164;
  }

  /** Rescans when the index is older than `maxAgeMs` (one rescan at a time; callers share it). */
  async fresh(): Promise<void> {
    if (this.#now() - this.#loadedAt <= this.#options.maxAgeMs) return;
    this.#loading ??= this.#rescan().finally(() => {
      this.#loading = null;
    });
    await this.#loading;
  }

  async idsFor(e164: string): Promise<number[]> {
    await this.fresh();
    return [...(this.#byE164.get(e164) ?? [])].sort((a, b) => a - b);
  }

  /** Ids of contacts whose E.164 phone contains these digits. */
  async idsContaining(digits: string): Promise<number[]> {
    await this.fresh();
    const ids: number[] = [];
    for (const [e164, set] of this.#byE164) if (e164.includes(digits)) ids.push(...set);
    return ids.sort((a, b) => a - b);
  }

  async all(): Promise<Array<{ id: number; phoneE164: string }>> {
    await this.fresh();
    const out: Array<{ id: number; phoneE164: string }> = [];
    for (const [id, entry] of this.#byId) if (entry.e164) out.push({ id, phoneE164: entry.e164 });
    return out;
  }

  /** A contact was written through Parley with this phone (undefined: the contact was removed). */
  set(id: number, phone: string | null | undefined): void {
    this.#pending?.push({ id, phone });
    this.#apply(this.#byId, this.#byE164, id, phone);
  }

  /** Writes whose ids are not known (bulk inserts): the next lookup rescans. */
  invalidate(): void {
    if (this.#loading) this.#invalidatedWhileLoading = true;
    this.#loadedAt = Number.NEGATIVE_INFINITY;
  }

  async #rescan(): Promise<void> {
    this.#pending = [];
    this.#invalidatedWhileLoading = false;
    const startedAt = this.#now();
    try {
      const rows = await this.#options.load();
      const byId = new Map<number, Entry>();
      const byE164 = new Map<string, Set<number>>();
      for (const row of rows) this.#apply(byId, byE164, row.id, row.phone);
      for (const write of this.#pending) this.#apply(byId, byE164, write.id, write.phone);
      this.#byId = byId;
      this.#byE164 = byE164;
      this.#loadedAt = this.#invalidatedWhileLoading ? Number.NEGATIVE_INFINITY : startedAt;
    } finally {
      this.#pending = null;
    }
  }

  #apply(
    byId: Map<number, Entry>,
    byE164: Map<string, Set<number>>,
    id: number,
    phone: string | null | undefined,
  ): void {
    const previous = byId.get(id);
    if (previous?.e164) {
      const set = byE164.get(previous.e164);
      set?.delete(id);
      if (set?.size === 0) byE164.delete(previous.e164);
    }
    if (phone === undefined) {
      byId.delete(id);
      return;
    }
    // The current maps may already know this text (a rescan): reuse it rather than parse again.
    const known = previous?.phone === phone ? previous : this.#byId.get(id);
    const e164 =
      known && known.phone === phone ? known.e164 : normalizeTypedPhone(phone, this.#options.region).e164;
    byId.set(id, { phone, e164 });
    if (e164) {
      const set = byE164.get(e164);
      if (set) set.add(id);
      else byE164.set(e164, new Set([id]));
    }
  }
}
