import type { UserRecord } from "../store/user-record.js";
import type { WebhookDispatcher } from "./dispatcher.js";
import { isSubscribed } from "./event-types.js";
import { buildWebhookRequest, type EventObject, type WebhookFormat } from "./request.js";

/**
 * Where session events go: dropped unless the user subscribed to the type and has a webhook URL, then
 * queued for delivery. The HMAC key used for signing lives here, apart from the stored key, because
 * WuzAPI only signs with a key loaded into the running process (hmac/config or a startup reconnect).
 */
export class EventSink {
  private readonly signingKeys = new Map<string, string>();

  constructor(
    private readonly format: WebhookFormat,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  setSigningKey(userId: string, key: string | null): void {
    if (key) this.signingKeys.set(userId, key);
    else this.signingKeys.delete(userId);
  }

  /** Returns whether the event was queued for delivery. */
  emit(user: UserRecord, event: EventObject): boolean {
    if (!isSubscribed(user.events, event.type) || user.webhook === "") return false;
    const request = buildWebhookRequest(
      this.format,
      event,
      user.id,
      user.name,
      this.signingKeys.get(user.id) ?? null,
    );
    this.dispatcher.enqueue(user.id, user.webhook, request);
    return true;
  }
}
