import { sql } from "kysely";
import type { Db } from "../../db/database.js";

export type FavouriteTarget = { contactRefId: number } | { contactWhatsappId: number };

export interface FavouriteRecord {
  id: number;
  position: number;
  contactRefId: number | null;
  contactWhatsappId: number | null;
}

export function createFavouritesRepo(db: Db) {
  const columns = ["id", "position", "contact_ref_id", "contact_whatsapp_id"] as const;
  const present = (row: {
    id: number;
    position: number;
    contact_ref_id: number | null;
    contact_whatsapp_id: number | null;
  }): FavouriteRecord => ({
    id: row.id,
    position: row.position,
    contactRefId: row.contact_ref_id,
    contactWhatsappId: row.contact_whatsapp_id,
  });

  return {
    async list(userId: number): Promise<FavouriteRecord[]> {
      const rows = await db
        .selectFrom("favourite")
        .select(columns)
        .where("user_id", "=", userId)
        .orderBy("position")
        .orderBy("id")
        .execute();
      return rows.map(present);
    },

    count: async (userId: number) =>
      Number(
        (
          await db
            .selectFrom("favourite")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("user_id", "=", userId)
            .executeTakeFirstOrThrow()
        ).n,
      ),

    /** Pins a contact at the end of the user's list; pinning it again returns the existing pin. */
    async add(
      userId: number,
      target: FavouriteTarget,
    ): Promise<{ favourite: FavouriteRecord; created: boolean }> {
      const match =
        "contactRefId" in target
          ? ({ column: "contact_ref_id", id: target.contactRefId } as const)
          : ({ column: "contact_whatsapp_id", id: target.contactWhatsappId } as const);
      const inserted = await db
        .insertInto("favourite")
        .values({
          user_id: userId,
          [match.column]: match.id,
          position: sql<number>`(select coalesce(max(position) + 1, 0) from favourite where user_id = ${userId})`,
        })
        .onConflict((oc) => oc.columns(["user_id", match.column]).doNothing())
        .returning(columns)
        .executeTakeFirst();
      if (inserted) return { favourite: present(inserted), created: true };
      const existing = await db
        .selectFrom("favourite")
        .select(columns)
        .where("user_id", "=", userId)
        .where(match.column, "=", match.id)
        .executeTakeFirstOrThrow();
      return { favourite: present(existing), created: false };
    },

    async remove(userId: number, id: number): Promise<boolean> {
      const result = await db
        .deleteFrom("favourite")
        .where("user_id", "=", userId)
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Sets positions 0…n-1 in the given order, in one transaction. */
    async reorder(userId: number, ids: number[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const [position, id] of ids.entries()) {
          await trx
            .updateTable("favourite")
            .set({ position })
            .where("user_id", "=", userId)
            .where("id", "=", id)
            .execute();
        }
      });
    },
  };
}

export type FavouritesRepo = ReturnType<typeof createFavouritesRepo>;
