import { LinkOutlined } from "@ant-design/icons";
import { Tag as AntTag, Flex, Tooltip } from "antd";
import { formatPhone } from "@/lib/format";
import type { Tag } from "@/types/api";
import type { WhatsAppContact } from "../api/whatsapp-contacts";

/** Why two spellings of a number may be one person, by country (the server's variant rules). */
export function variantReason(phoneE164: string | null): string {
  if (phoneE164?.startsWith("+55")) return "9th digit";
  if (phoneE164?.startsWith("+54")) return "mobile 9";
  if (phoneE164?.startsWith("+52")) return "mobile 1";
  return "similar number";
}

/** A contact-book card's tag, in its colour. */
export function CardTag({ tag }: { tag: Tag | undefined }) {
  return tag ? (
    <AntTag color={tag.color} style={{ marginInlineEnd: 0 }}>
      {tag.name}
    </AntTag>
  ) : null;
}

type MatchStatusTagProps = {
  contact: WhatsAppContact;
  tagsById: Map<number, Tag>;
};

/** Long suggestions wrap inside a narrow cell instead of widening it. */
const wrapping = { whiteSpace: "normal", height: "auto" } as const;

/** Where a WhatsApp contact stands against the contact book: matched, suggested, ambiguous or unknown. */
export function MatchStatusTag({ contact, tagsById }: MatchStatusTagProps) {
  if (contact.isGroup) return <AntTag color="purple">Group</AntTag>;
  const card = contact.contact;
  if (card)
    return (
      <Flex gap={4} wrap align="center">
        <Tooltip
          title={contact.matchKind === "manual" ? "Linked by hand" : "Same number in the contact book"}
        >
          <AntTag color="success" icon={<LinkOutlined />} style={{ ...wrapping, marginInlineEnd: 0 }}>
            {card.name}
          </AntTag>
        </Tooltip>
        <CardTag tag={card.tagId === null ? undefined : tagsById.get(card.tagId)} />
      </Flex>
    );
  const suggested = contact.candidateContacts[0];
  if (contact.matchKind === "variant" && suggested)
    return (
      <Tooltip
        title={`The contact book has ${suggested.phoneE164 ? formatPhone(suggested.phoneE164) : "a similar number"}`}
      >
        <AntTag color="gold" style={wrapping}>
          Possible match: {suggested.name} ({variantReason(contact.phoneE164)})
        </AntTag>
      </Tooltip>
    );
  if (contact.matchKind === "ambiguous")
    return (
      <Tooltip title={contact.candidateContacts.map((candidate) => candidate.name).join(", ")}>
        <AntTag color="orange" style={wrapping}>
          {contact.candidateContacts.length || 2} cards share this number
        </AntTag>
      </Tooltip>
    );
  return <AntTag>Not in the contact book</AntTag>;
}
