import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentUser, requireUser } from "../../../http/session-auth.js";
import type { App } from "../../../http/types.js";
import { ForbiddenError } from "../../../lib/errors.js";
import { decodeCsv } from "./csv.js";
import type { ContactImportService } from "./import.service.js";

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const flag = (fallback: "true" | "false") =>
  z
    .enum(["true", "false"])
    .default(fallback)
    .transform((value) => value === "true");
const importQuery = z.object({
  /** Preview only (the default): nothing is written. */
  dryRun: flag("true"),
  /** Create tags the file names but the directory lacks (administrators only). */
  createTags: flag("false"),
});

/**
 * `POST /api/contacts/import?dryRun=true|false&createTags=…` with the file as a `text/csv` body
 * (at most 5 MB): the per-row preview, or the result of inserting the valid rows. This route alone
 * accepts CSV; the rest of the API stays JSON-only. `text/csv` is not a CORS-safelisted type, so a
 * cross-site page cannot post it without a preflight either.
 */
export async function registerContactImportRoutes(app: App, deps: { contactImport: ContactImportService }) {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "text/csv",
      { parseAs: "buffer", bodyLimit: IMPORT_MAX_BYTES },
      (_request, body, done) => done(null, decodeCsv(body as Buffer)),
    );

    scope.post(
      "/api/contacts/import",
      { onRequest: requireUser, bodyLimit: IMPORT_MAX_BYTES, schema: { querystring: importQuery } },
      async (request) => {
        const user = currentUser(request);
        const { dryRun, createTags } = request.query;
        if (createTags && user.role !== "admin")
          throw new ForbiddenError("Only administrators can create tags", "admin_only");
        const csv = typeof request.body === "string" ? request.body : "";
        if (dryRun) return { dryRun, ...(await deps.contactImport.preview(csv, { createTags })) };
        return { dryRun, ...(await deps.contactImport.commit(user, csv, { createTags, source: "api" })) };
      },
    );
  });
}
