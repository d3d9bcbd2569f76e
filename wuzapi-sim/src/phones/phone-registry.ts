import type { UserRecord } from "../store/user-record.js";
import { Phone } from "./phone.js";

/** The phones paired with simulator users, and which user answers on which number. */
export class PhoneRegistry {
  private readonly phones = new Map<string, Phone>();

  constructor(private readonly seed: number) {}

  /** The user's phone, rebuilt from the stored identity when needed; undefined when not paired. */
  phoneOf(user: UserRecord): Phone | undefined {
    if (!user.phone) return undefined;
    const cached = this.phones.get(user.id);
    if (cached && cached.identity.number === user.phone.number) return cached;
    const phone = new Phone(user.phone, this.seed);
    this.phones.set(user.id, phone);
    return phone;
  }

  forget(userId: string): void {
    this.phones.delete(userId);
  }
}
