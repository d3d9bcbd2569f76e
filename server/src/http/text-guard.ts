import { ValidationError } from "../lib/errors.js";
import { findUnstorableText } from "../lib/unstorable-text.js";
import type { App } from "./types.js";

/**
 * Refuses, with a 400 naming the field, a request whose path, query or body holds text the
 * database cannot store (NUL, a lone surrogate), before any handler runs a query with it.
 * WuzAPI's webhook is exempt: its events are kept, with such characters replaced.
 */
export function registerTextGuard(app: App) {
  app.addHook("preValidation", async (request) => {
    if (request.url.startsWith("/api/webhooks/")) return;
    for (const [part, value] of [
      ["params", request.params],
      ["query", request.query],
      ["body", request.body],
    ] as const) {
      const field = findUnstorableText(value);
      if (field === null) continue;
      const name = part === "body" ? field || "body" : [part, field].filter(Boolean).join(".");
      throw new ValidationError(`${name}: must not contain NUL characters or unpaired surrogates`, {
        issues: [{ field: name, message: "must not contain NUL characters or unpaired surrogates" }],
      });
    }
  });
}
