import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import type { SimulatorContext } from "../context.js";
import { WuzapiError } from "../http/envelope.js";
import { derivePhoneIdentity, type Phone } from "../phones/phone.js";
import type { UserRecord } from "../store/user-record.js";
import { goTime } from "../util/go-time.js";

/** whatsmeow's linking-code alphabet (no 0, O, I or U). */
const LINKING_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

/**
 * The in-memory whatsmeow client of one user. "No session" in WuzAPI means there is none of these.
 * While a QR code is pending the client is connected but not logged in.
 */
export class SessionClient {
  connected = false;
  loggedIn = false;
  qrShown = 0;
  qrTimer: NodeJS.Timeout | undefined;
  /** Set by /session/pairphone: the number the phone will pair with. */
  pairingPhone: string | undefined;

  constructor(readonly user: UserRecord) {}
}

export type ScanInput = { phone?: string | undefined; pushName?: string | undefined };

/**
 * Session lifecycle as WuzAPI runs it (handlers.go Connect/Disconnect/Logout, wmiau.go startClient):
 * QR rotation ending in QRTimeout, pairing, reconnection of paired users at startup.
 */
export class Sessions {
  private readonly clients = new Map<string, SessionClient>();

  constructor(
    private readonly context: SimulatorContext,
    /** Called once a phone has paired and connected: WhatsApp then pushes its history. */
    private readonly onPaired: (user: UserRecord, phone: Phone) => void,
  ) {}

  client(userId: string): SessionClient | undefined {
    return this.clients.get(userId);
  }

  /** A client whose phone is paired and online, or undefined. */
  online(userId: string): SessionClient | undefined {
    const client = this.clients.get(userId);
    return client?.connected && client.loggedIn ? client : undefined;
  }

  all(): SessionClient[] {
    return [...this.clients.values()];
  }

  /** startClient: reconnects a paired device, or starts showing QR codes. */
  start(user: UserRecord): SessionClient {
    this.destroy(user.id);
    const client = new SessionClient(user);
    this.clients.set(user.id, client);
    if (this.context.faults.whatsappDown) return client;
    client.connected = true;
    if (user.phone) {
      client.loggedIn = true;
      this.context.timers.soon(() => this.announceConnected(client));
    } else {
      this.context.timers.soon(() => this.showNextQr(client));
    }
    return client;
  }

  /** Users whose stored state says connected reconnect when the process starts, as WuzAPI does. */
  restoreOnStartup(): void {
    for (const user of this.context.users.all()) {
      if (user.connected !== 1) continue;
      // Reconnection is one of the two ways the stored HMAC key reaches the signing path.
      this.context.sink.setSigningKey(user.id, user.hmacKey);
      this.start(user);
    }
  }

  requirePairable(userId: string): SessionClient {
    const client = this.clients.get(userId);
    if (!client) throw new WuzapiError(409, "no session: call /session/connect first");
    if (client.loggedIn) throw new WuzapiError(409, "already paired");
    if (!client.connected) throw new WuzapiError(409, "not connected");
    return client;
  }

  pairPhone(client: SessionClient, phone: string): string {
    client.pairingPhone = phone.replace(/\D/g, "");
    const bytes = randomBytes(8);
    const code = [...bytes].map((byte) => LINKING_ALPHABET[byte % LINKING_ALPHABET.length]).join("");
    return `${code.slice(0, 4)}-${code.slice(4)}`;
  }

  /** What the phone does when it scans the QR code or enters the linking code. */
  scan(userId: string, input: ScanInput): Phone {
    const client = this.requirePairable(userId);
    const { user } = client;
    this.context.timers.cancel(client.qrTimer);
    const number = input.phone ?? client.pairingPhone;
    const identity = derivePhoneIdentity(user.id, this.context.options.seed, number, input.pushName);
    const jid = `${identity.number}:${identity.device}@s.whatsapp.net`;
    this.context.users.update(user, { phone: identity, jid, qrcode: "" });
    const phone = this.context.phones.phoneOf(user);
    if (!phone) throw new Error("pairing did not store a phone");
    client.loggedIn = true;
    this.context.sink.emit(user, {
      type: "PairSuccess",
      event: { ID: phone.deviceJid, LID: phone.deviceLid, BusinessName: "", Platform: "android" },
    });
    this.announceConnected(client);
    // whatsmeow's PushNameSetting: WuzAPI posts it with the type "Connected" (CONTRACT.md §8).
    this.context.sink.emit(user, {
      type: "Connected",
      event: { Timestamp: goTime(new Date()), Action: { name: identity.pushName }, FromFullSync: true },
    });
    this.onPaired(user, phone);
    return phone;
  }

  /** POST /session/disconnect: the device stays paired, the stored events are cleared. */
  disconnect(user: UserRecord): void {
    this.context.users.update(user, { connected: 0, events: "" });
    this.destroy(user.id);
  }

  /** POST /session/logout: unpairs the device. whatsmeow sends no LoggedOut for a logout it started. */
  logout(user: UserRecord): void {
    this.unpair(user);
    this.destroy(user.id);
  }

  /** Unlinked from the phone's "Linked devices" screen. */
  unlink(user: UserRecord): void {
    if (!user.phone) throw new WuzapiError(409, "no paired phone");
    if (this.online(user.id)) {
      this.context.sink.emit(user, { type: "LoggedOut", event: { OnConnect: false, Reason: 0 } });
    }
    this.unpair(user);
    this.destroy(user.id);
  }

  /** The websocket to WhatsApp drops; the client is gone until the next connect. */
  drop(user: UserRecord): void {
    if (!this.clients.has(user.id)) throw new WuzapiError(409, "no session");
    this.context.sink.emit(user, { type: "Disconnected", event: {} });
    this.context.users.update(user, { connected: 0 });
    this.destroy(user.id);
  }

  destroy(userId: string): void {
    const client = this.clients.get(userId);
    if (!client) return;
    this.context.timers.cancel(client.qrTimer);
    client.connected = false;
    client.loggedIn = false;
    this.clients.delete(userId);
  }

  private unpair(user: UserRecord): void {
    this.context.users.update(user, { connected: 0, phone: null, jid: "", qrcode: "" });
    this.context.phones.forget(user.id);
  }

  private announceConnected(client: SessionClient): void {
    if (this.clients.get(client.user.id) !== client || !client.loggedIn) return;
    this.context.users.update(client.user, { connected: 1 });
    this.context.sink.emit(client.user, { type: "Connected", event: {} });
  }

  /** Shows the next QR code, or ends the attempt with QRTimeout once all codes were shown. */
  private async showNextQr(client: SessionClient): Promise<void> {
    const { timings } = this.context.options;
    if (this.clients.get(client.user.id) !== client || client.loggedIn) return;
    if (client.qrShown >= timings.qrCodes) {
      this.context.users.update(client.user, { qrcode: "" });
      this.context.sink.emit(client.user, { type: "QRTimeout", event: "timeout" });
      this.destroy(client.user.id);
      return;
    }
    client.qrShown++;
    const code = qrPayload();
    const image = await QRCode.toDataURL(code, { errorCorrectionLevel: "M", width: 256, margin: 4 });
    if (this.clients.get(client.user.id) !== client || client.loggedIn) return;
    this.context.users.update(client.user, { qrcode: image });
    this.context.sink.emit(client.user, { type: "QR", event: "code", qrCodeBase64: image });
    client.qrTimer = this.context.timers.after(timings.qrIntervalMs, () => this.showNextQr(client));
  }
}

/** The text WhatsApp encodes in pairing QR codes: ref, noise key, identity key, adv secret. */
function qrPayload(): string {
  const part = (bytes: number) => randomBytes(bytes).toString("base64");
  return `2@${randomBytes(24).toString("base64url")},${part(32)},${part(32)},${part(32)}`;
}
