/** True when a statement failed on a unique constraint (Postgres and PGlite: 23505; MySQL: ER_DUP_ENTRY). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === "23505" || code === "ER_DUP_ENTRY";
}
