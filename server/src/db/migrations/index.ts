import type { Migration } from "kysely";
import * as initial from "./0001-initial.js";
import * as inboxLease from "./0002-inbox-lease.js";
import * as matchCandidates from "./0003-match-candidates.js";
import * as searchIndexes from "./0004-search-indexes.js";
import * as messageSearch from "./0005-message-search.js";
import * as mediaState from "./0006-media-state.js";
import * as manualLinks from "./0007-manual-links.js";
import * as earlyChanges from "./0008-early-changes.js";

/** Every migration, in order. Names are permanent: Kysely records them in `kysely_migration`. */
export const migrations: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-inbox-lease": inboxLease,
  "0003-match-candidates": matchCandidates,
  "0004-search-indexes": searchIndexes,
  "0005-message-search": messageSearch,
  "0006-media-state": mediaState,
  "0007-manual-links": manualLinks,
  "0008-early-changes": earlyChanges,
};
