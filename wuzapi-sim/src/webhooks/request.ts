import { createHmac } from "node:crypto";
import { goFormEncode, goJson } from "../util/go-json.js";
import type { EventType } from "./event-types.js";

export type WebhookFormat = "json" | "form";

/** An event as WuzAPI builds it: `type`, `event`, and per-type extras such as `state` or `base64`. */
export type EventObject = { type: EventType; event: unknown } & Record<string, unknown>;

export type WebhookRequest = { body: string; contentType: string; signature: string | null };

/**
 * The body WuzAPI posts (helpers.go callHookWithHmac): in JSON mode the event plus top-level `userID` and
 * `instanceName`; otherwise a form with `jsonData`, `userID` and `instanceName`. The signature is the hex
 * HMAC-SHA256 of the exact JSON body or of the sorted, URL-encoded form string.
 */
export function buildWebhookRequest(
  format: WebhookFormat,
  event: EventObject,
  userId: string,
  instanceName: string,
  signingKey: string | null,
): WebhookRequest {
  const body =
    format === "json"
      ? goJson({ ...event, userID: userId, instanceName })
      : goFormEncode({ jsonData: goJson(event), userID: userId, instanceName });
  return {
    body,
    contentType: format === "json" ? "application/json" : "application/x-www-form-urlencoded",
    signature: signingKey ? createHmac("sha256", signingKey).update(body).digest("hex") : null,
  };
}
