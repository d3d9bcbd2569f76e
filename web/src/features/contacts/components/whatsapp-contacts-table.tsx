import { DisconnectOutlined, LinkOutlined, PlusOutlined, TeamOutlined } from "@ant-design/icons";
import { Avatar, Button, Flex, Grid, Popconfirm, type TableColumnsType, Tooltip, Typography } from "antd";
import type { ReactNode } from "react";
import { DataTable, serverPagination } from "@/components/data-table";
import { FavouriteToggle } from "@/components/favourite-toggle";
import { formatPhone, initials } from "@/lib/format";
import type { Tag } from "@/types/api";
import type { WhatsAppContact, WhatsAppContactPage } from "../api/whatsapp-contacts";
import { MatchStatusTag } from "./match-status-tag";

const sourceLabel: Record<WhatsAppContact["source"], string> = {
  address_book: "Address book",
  history: "Chat history",
  message: "Message",
};

/** The best name WhatsApp gave, else the number: every row needs something to call the contact. */
export function whatsAppName(contact: WhatsAppContact): string {
  return contact.name ?? (contact.phoneE164 ? formatPhone(contact.phoneE164) : contact.jid);
}

export type WhatsAppContactActions = {
  onAdd: (contact: WhatsAppContact) => void;
  onLink: (contact: WhatsAppContact) => void;
  onUnlink: (contact: WhatsAppContact) => Promise<unknown>;
};

type WhatsAppContactsTableProps = WhatsAppContactActions & {
  data: WhatsAppContactPage | undefined;
  page: number;
  pageSize: number;
  tagsById: Map<number, Tag>;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  onPageChange: (page: number, pageSize: number) => void;
  toolbar: ReactNode;
  emptyText: ReactNode;
};

const muted = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;

export function WhatsAppContactsTable({
  data,
  page,
  pageSize,
  tagsById,
  loading,
  error,
  onRetry,
  onPageChange,
  onAdd,
  onLink,
  onUnlink,
  toolbar,
  emptyText,
}: WhatsAppContactsTableProps) {
  // Phones get one column with everything under the name, and icon-only actions beside it.
  const compact = Grid.useBreakpoint().md === false;
  const wide = ["md"] as const;
  const columns: TableColumnsType<WhatsAppContact> = [
    {
      title: "Contact",
      key: "name",
      render: (_, contact) => {
        const name = whatsAppName(contact);
        // WhatsApp's other names for the person, when they differ from the one shown.
        const aka = [contact.pushName, contact.businessName].filter((other) => other && other !== name);
        return (
          // On phones the cell is capped, so the actions beside it stay on screen.
          <Flex align="center" gap={10} style={compact ? { maxWidth: 200 } : { minWidth: 180 }}>
            <Avatar
              style={{ flex: "none", background: contact.isGroup ? "#722ed1" : "#25d366" }}
              icon={contact.isGroup ? <TeamOutlined /> : undefined}
            >
              {initials(name)}
            </Avatar>
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text strong>{name}</Typography.Text>
              {aka.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  ~{aka.join(" · ")}
                </Typography.Text>
              )}
              {compact && (
                <Flex vertical gap={4} align="flex-start">
                  {contact.phoneE164 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
                      {formatPhone(contact.phoneE164)}
                    </Typography.Text>
                  )}
                  <MatchStatusTag contact={contact} tagsById={tagsById} />
                </Flex>
              )}
            </Flex>
          </Flex>
        );
      },
    },
    {
      title: "Number",
      dataIndex: "phoneE164",
      responsive: [...wide],
      render: (phone: string | null, contact) =>
        contact.isGroup ? (
          muted("—")
        ) : phone ? (
          <Tooltip title={phone}>
            <span style={{ whiteSpace: "nowrap" }}>{formatPhone(phone)}</span>
          </Tooltip>
        ) : (
          <Tooltip title="WhatsApp only shared an anonymous id (LID) for this contact so far.">
            {muted("Not known yet")}
          </Tooltip>
        ),
    },
    {
      title: "Contact book",
      key: "match",
      responsive: [...wide],
      render: (_, contact) => <MatchStatusTag contact={contact} tagsById={tagsById} />,
    },
    {
      title: "Source",
      dataIndex: "source",
      responsive: [...wide],
      render: (source: WhatsAppContact["source"]) => muted(sourceLabel[source] ?? source),
    },
    {
      title: "Actions",
      key: "actions",
      fixed: compact ? undefined : "right",
      render: (_, contact) => {
        if (contact.isGroup) return null;
        const name = whatsAppName(contact);
        return (
          <Flex align="center" gap={2}>
            <FavouriteToggle
              name={contact.contact?.name ?? name}
              // A matched contact is pinned as its card, so the star follows the person, not the number.
              target={
                contact.contactRefId !== null
                  ? { contactRefId: contact.contactRefId }
                  : { contactWhatsappId: contact.id }
              }
            />
            {contact.contactRefId === null ? (
              <>
                <Tooltip title="Add to the contact book">
                  <Button
                    type="text"
                    size="small"
                    icon={<PlusOutlined />}
                    aria-label={`Add ${name} to the contact book`}
                    onClick={() => onAdd(contact)}
                  />
                </Tooltip>
                <Tooltip title={compact && "Link to a contact…"}>
                  <Button
                    type="link"
                    size="small"
                    icon={<LinkOutlined />}
                    aria-label={`Link ${name} to a contact`}
                    onClick={() => onLink(contact)}
                  >
                    {!compact && "Link…"}
                  </Button>
                </Tooltip>
              </>
            ) : (
              <Popconfirm
                title={`Unlink ${name}?`}
                description="Chats stop showing the card's name and tag. Parley won't link them again by itself."
                okText="Unlink"
                onConfirm={() => onUnlink(contact)}
              >
                <Button type="link" size="small" icon={<DisconnectOutlined />} aria-label={`Unlink ${name}`}>
                  {!compact && "Unlink"}
                </Button>
              </Popconfirm>
            )}
          </Flex>
        );
      },
    },
  ];

  return (
    <DataTable<WhatsAppContact>
      toolbar={toolbar}
      columns={columns}
      dataSource={data?.items}
      loading={loading}
      error={error}
      onRetry={onRetry}
      locale={{ emptyText }}
      pagination={serverPagination({
        data,
        page,
        pageSize,
        pageSizeOptions: [20, 50, 100, 200],
        noun: "WhatsApp contacts",
        onChange: onPageChange,
      })}
    />
  );
}
