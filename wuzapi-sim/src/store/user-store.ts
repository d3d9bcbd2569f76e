import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { type UserRecord, userRecordSchema } from "./user-record.js";

const dataFileSchema = z.object({ version: z.literal(1), users: z.array(userRecordSchema) });

/**
 * WuzAPI's `users` table. With a data file, every change is written back (atomically, coalesced per
 * tick) so a restart finds the same users and paired phones, as WuzAPI finds them in its database.
 */
export class UserStore {
  private readonly users = new Map<string, UserRecord>();
  private writeScheduled = false;

  constructor(private readonly dataFile: string | undefined) {
    if (dataFile) this.load(dataFile);
  }

  all(): UserRecord[] {
    return [...this.users.values()];
  }

  get(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  byToken(token: string): UserRecord | undefined {
    for (const user of this.users.values()) if (user.token === token) return user;
    return undefined;
  }

  insert(user: UserRecord): void {
    this.users.set(user.id, user);
    this.changed();
  }

  remove(id: string): UserRecord | undefined {
    const user = this.users.get(id);
    this.users.delete(id);
    this.changed();
    return user;
  }

  /** Applies a change to a stored user and persists it; a deleted user is changed in memory only. */
  update(user: UserRecord, change: Partial<UserRecord>): void {
    Object.assign(user, change);
    if (this.users.get(user.id) === user) this.changed();
  }

  flush(): void {
    if (!this.dataFile) return;
    this.writeScheduled = false;
    mkdirSync(dirname(this.dataFile), { recursive: true });
    const temporary = `${this.dataFile}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: 1, users: this.all() }, null, 2));
    renameSync(temporary, this.dataFile);
  }

  private changed(): void {
    if (!this.dataFile || this.writeScheduled) return;
    this.writeScheduled = true;
    setImmediate(() => {
      if (this.writeScheduled) this.flush();
    });
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    const parsed = dataFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${file} is not a simulator data file: ${parsed.error.message}`);
    for (const user of parsed.data.users) this.users.set(user.id, user);
  }
}
