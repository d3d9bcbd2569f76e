import { WarningOutlined } from "@ant-design/icons";
import {
  Tag as AntTag,
  Button,
  Flex,
  Popconfirm,
  Space,
  type TableColumnsType,
  type TableProps,
  Tooltip,
  Typography,
} from "antd";
import type { SortOrder } from "antd/es/table/interface";
import type { ReactNode } from "react";
import { DataTable, serverPagination } from "@/components/data-table";
import { FavouriteToggle } from "@/components/favourite-toggle";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { Tag } from "@/types/api";
import type { Contact, ContactPage } from "../api/contacts";

export type ContactSortField = "name" | "company" | "updatedAt";
export type ContactSort = { field: ContactSortField; order: "ascend" | "descend" };

type ContactsTableProps = {
  data: ContactPage | undefined;
  /** The page and size asked for; `data` may still be the previous page while it loads. */
  page: number;
  pageSize: number;
  tagsById: Map<number, Tag>;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  sort: ContactSort;
  onChange: (change: { page: number; pageSize: number; sort: ContactSort }) => void;
  onEdit: (contact: Contact) => void;
  onDelete: (contact: Contact) => Promise<unknown>;
  toolbar: ReactNode;
  /** Shown when there are no rows: differs between "no contacts yet" and "nothing matches". */
  emptyText: ReactNode;
};

const muted = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;

function PhoneCell({ contact }: { contact: Contact }) {
  if (!contact.phone) return muted("—");
  return (
    <Flex vertical>
      <span>{contact.phone}</span>
      {contact.phoneE164 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {contact.phoneE164}
        </Typography.Text>
      ) : (
        <Tooltip title="This number can't be matched to WhatsApp. Check the digits and the country code.">
          <AntTag color="warning" icon={<WarningOutlined />} style={{ width: "fit-content" }}>
            invalid
          </AntTag>
        </Tooltip>
      )}
    </Flex>
  );
}

export function ContactsTable({
  data,
  page,
  pageSize,
  tagsById,
  loading,
  error,
  onRetry,
  sort,
  onChange,
  onEdit,
  onDelete,
  toolbar,
  emptyText,
}: ContactsTableProps) {
  const sortOrder = (field: ContactSortField): SortOrder => (sort.field === field ? sort.order : null);

  const columns: TableColumnsType<Contact> = [
    {
      title: "Name",
      dataIndex: "name",
      key: "name",
      sorter: true,
      sortOrder: sortOrder("name"),
      render: (name: string, contact) => (
        <Flex align="center" gap={4}>
          <FavouriteToggle target={{ contactRefId: contact.id }} name={name} />
          <Typography.Text strong>{name}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: "Company",
      dataIndex: "company",
      key: "company",
      sorter: true,
      sortOrder: sortOrder("company"),
      render: (company: string | null) => company ?? muted("—"),
    },
    { title: "Phone", key: "phone", render: (_, contact) => <PhoneCell contact={contact} /> },
    { title: "Email", dataIndex: "email", render: (email: string | null) => email ?? muted("—") },
    {
      title: "Tag",
      dataIndex: "tagId",
      render: (tagId: number | null) => {
        const tag = tagId === null ? undefined : tagsById.get(tagId);
        return tag ? <AntTag color={tag.color}>{tag.name}</AntTag> : muted("—");
      },
    },
    {
      title: "Updated",
      dataIndex: "updatedAt",
      key: "updatedAt",
      sorter: true,
      sortOrder: sortOrder("updatedAt"),
      render: (updatedAt: string) => (
        <Tooltip title={formatDateTime(updatedAt)}>{formatRelative(updatedAt)}</Tooltip>
      ),
    },
    {
      title: "Actions",
      key: "actions",
      fixed: "right",
      render: (_, contact) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => onEdit(contact)}>
            Edit
          </Button>
          <Popconfirm
            title={`Delete ${contact.name}?`}
            description="The contact leaves the organisation's contact book."
            okText="Delete"
            okButtonProps={{ danger: true }}
            onConfirm={() => onDelete(contact)}
          >
            <Button type="link" size="small" danger>
              Delete
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const handleChange: TableProps<Contact>["onChange"] = (pagination, _filters, sorter) => {
    const active = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = active?.columnKey as ContactSortField | undefined;
    onChange({
      page: pagination.current ?? 1,
      pageSize: pagination.pageSize ?? 20,
      // Clicking a sorted column a third time clears its order: fall back to name A→Z.
      sort: field && active?.order ? { field, order: active.order } : { field: "name", order: "ascend" },
    });
  };

  return (
    <DataTable<Contact>
      toolbar={toolbar}
      columns={columns}
      dataSource={data?.items}
      loading={loading}
      error={error}
      onRetry={onRetry}
      onChange={handleChange}
      locale={{ emptyText }}
      pagination={serverPagination({
        data,
        page,
        pageSize,
        pageSizeOptions: [10, 20, 50, 100],
        noun: "contacts",
      })}
    />
  );
}
