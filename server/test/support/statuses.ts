/**
 * A message that went out to WhatsApp. The simulator's phone answers with receipts within
 * milliseconds, so on a busy machine a send's answer may already read delivered or read.
 */
export const WENT_OUT = /^(sent|delivered|read)$/;
