/** WuzAPI's supportedEventTypes (constants.go); `All` subscribes to everything. */
export const SUPPORTED_EVENT_TYPES = [
  "Message",
  "UndecryptableMessage",
  "Receipt",
  "MediaRetry",
  "ReadReceipt",
  "GroupInfo",
  "JoinedGroup",
  "Picture",
  "BlocklistChange",
  "Blocklist",
  "Connected",
  "Disconnected",
  "ConnectFailure",
  "KeepAliveRestored",
  "KeepAliveTimeout",
  "QRTimeout",
  "LoggedOut",
  "ClientOutdated",
  "TemporaryBan",
  "StreamError",
  "StreamReplaced",
  "PairSuccess",
  "PairError",
  "QR",
  "QRScannedWithoutMultidevice",
  "PrivacySettings",
  "PushNameSetting",
  "UserAbout",
  "AppState",
  "AppStateSyncComplete",
  "HistorySync",
  "OfflineSyncCompleted",
  "OfflineSyncPreview",
  "CallOffer",
  "CallAccept",
  "CallTerminate",
  "CallOfferNotice",
  "CallRelayLatency",
  "Presence",
  "ChatPresence",
  "IdentityChange",
  "CATRefreshError",
  "NewsletterJoin",
  "NewsletterLeave",
  "NewsletterMuteChange",
  "NewsletterLiveUpdate",
  "FBMessage",
  "All",
] as const;

export type EventType = Exclude<(typeof SUPPORTED_EVENT_TYPES)[number], "All">;

export function isSupportedEventType(name: string): boolean {
  return (SUPPORTED_EVENT_TYPES as readonly string[]).includes(name);
}

/** Keeps known names once each, in order, as WuzAPI does when it stores a subscription. */
export function normaliseSubscription(names: readonly string[]): string {
  const kept: string[] = [];
  for (const name of names) if (isSupportedEventType(name) && !kept.includes(name)) kept.push(name);
  return kept.join(",");
}

export function isSubscribed(events: string, type: EventType): boolean {
  const list = events.split(",");
  return list.includes("All") || list.includes(type);
}
