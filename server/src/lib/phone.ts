export { canonicalJid, type JidKind, jidToE164, type ParsedJid, parseJid } from "./phone/jid.js";
export { type NormalizedPhone, normalizeTypedPhone } from "./phone/normalize.js";
export { type PhoneVariant, phoneVariants, type VariantRule } from "./phone/variants.js";
