import { CloseOutlined, ContactsOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Descriptions, Flex, Skeleton, Tag, Typography, theme } from "antd";
import type { ReactNode } from "react";
import { FavouriteToggle } from "@/components/favourite-toggle";
import { LinkButton } from "@/components/link-button";
import { formatPhone } from "@/lib/format";
import { useTagsById } from "@/lib/tags";
import { type ChatItem, useContactCard } from "../api/chats";
import { ChatAvatar } from "./chat-avatar";

type ContactPanelProps = {
  chat: ChatItem;
  /** The inline pane has its own ✕; the drawer brings one. */
  onClose?: () => void;
  onAddToBook: () => void;
};

/** Who the chat is with: their contact-book card when linked, otherwise what WhatsApp knows. */
export function ContactPanel({ chat, onClose, onAddToBook }: ContactPanelProps) {
  const { token } = theme.useToken();
  const tagsById = useTagsById();
  const contactRefId = chat.contact?.contactRefId ?? null;
  const card = useContactCard(contactRefId);
  const tag = card.data?.tagId ? tagsById.get(card.data.tagId) : undefined;
  const name = card.data?.name ?? chat.contact?.name ?? chat.title;
  const phone = card.data?.phoneE164 ?? chat.phoneE164;
  const favouriteTarget =
    contactRefId !== null
      ? { contactRefId }
      : chat.contact
        ? { contactWhatsappId: chat.contact.whatsappContactId }
        : null;

  const rows: { label: string; value: ReactNode }[] = [];
  if (phone) rows.push({ label: "Phone", value: formatPhone(phone) });
  if (card.data?.company) rows.push({ label: "Company", value: card.data.company });
  if (card.data?.email)
    rows.push({ label: "Email", value: <a href={`mailto:${card.data.email}`}>{card.data.email}</a> });
  if (tag)
    rows.push({
      label: "Tag",
      value: (
        <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
          {tag.name}
        </Tag>
      ),
    });
  if (card.data?.notes)
    rows.push({ label: "Notes", value: <span style={{ whiteSpace: "pre-wrap" }}>{card.data.notes}</span> });

  return (
    <Flex vertical gap={16} style={{ padding: 16 }} aria-label="Contact details" role="region">
      {onClose && (
        <Flex justify="space-between" align="center">
          <Typography.Text strong>Contact</Typography.Text>
          <Button
            type="text"
            size="small"
            icon={<CloseOutlined />}
            aria-label="Close contact details"
            onClick={onClose}
          />
        </Flex>
      )}
      <Flex vertical align="center" gap={8} style={{ textAlign: "center" }}>
        <ChatAvatar title={chat.title} isGroup={chat.isGroup} size={72} />
        <Flex align="center" gap={4}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {name}
          </Typography.Title>
          {favouriteTarget && <FavouriteToggle target={favouriteTarget} name={name} />}
        </Flex>
        <Typography.Text type="secondary">
          {chat.isGroup
            ? "WhatsApp group"
            : contactRefId !== null
              ? "In the contact book"
              : "WhatsApp contact"}
        </Typography.Text>
      </Flex>
      {contactRefId !== null && card.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        rows.length > 0 && (
          <Descriptions
            column={1}
            size="small"
            colon={false}
            items={rows.map((row) => ({ key: row.label, label: row.label, children: row.value }))}
            styles={{ label: { color: token.colorTextSecondary } }}
          />
        )
      )}
      {contactRefId !== null ? (
        <LinkButton
          icon={<ContactsOutlined />}
          to={`/contacts?${new URLSearchParams({ view: "book", q: name })}`}
        >
          Open in the contact book
        </LinkButton>
      ) : (
        chat.contact &&
        !chat.isGroup && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onAddToBook}>
            Add to the contact book
          </Button>
        )
      )}
    </Flex>
  );
}
