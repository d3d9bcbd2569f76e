import { z } from "zod";

/**
 * Row ids as the API accepts them. Each is capped at what its column holds, so an id too big for
 * the database is a 400 naming the field, not a database error (500).
 */
const MAX_SERIAL = 2_147_483_647;

/** An id of a `serial` column (users, tags, contacts, favourites) in a JSON body. */
export const serialId = z.number().int().positive().max(MAX_SERIAL);
/** An id of a `bigserial` column (WhatsApp contacts, chats, messages) in a JSON body. */
export const bigserialId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** The same ids in a path or query string, where they arrive as text. */
export const serialIdParam = z.coerce.number().int().positive().max(MAX_SERIAL);
export const bigserialIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
