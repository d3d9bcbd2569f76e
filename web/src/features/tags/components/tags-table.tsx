import { Tag as AntTag, Button, Flex, Popconfirm, Space, type TableColumnsType, Typography } from "antd";
import { DataTable } from "@/components/data-table";
import { formatCount } from "@/lib/format";
import type { Tag } from "@/types/api";

type TagsTableProps = {
  tags: Tag[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** Row actions for admins; agents get a read-only list. */
  actions?: {
    onEdit: (tag: Tag) => void;
    onDelete: (tag: Tag) => Promise<unknown>;
  };
};

function deleteWarning(tag: Tag): string {
  if (tag.contactCount === 0) return "No contact has this tag.";
  const contacts =
    tag.contactCount === 1 ? "1 contact loses" : `${formatCount(tag.contactCount)} contacts lose`;
  return `${contacts} this tag.`;
}

export function TagsTable({ tags, loading, error, onRetry, actions }: TagsTableProps) {
  const columns: TableColumnsType<Tag> = [
    {
      title: "Tag",
      dataIndex: "name",
      sorter: (a, b) => a.name.localeCompare(b.name),
      defaultSortOrder: "ascend",
      render: (_, tag) => <AntTag color={tag.color}>{tag.name}</AntTag>,
    },
    {
      title: "Colour",
      dataIndex: "color",
      render: (color: string) => (
        <Flex align="center" gap={8}>
          <span
            aria-hidden
            style={{
              width: 16,
              height: 16,
              borderRadius: 4,
              background: color,
              boxShadow: "inset 0 0 0 1px #0001",
            }}
          />
          <Typography.Text type="secondary" copyable={{ text: color }}>
            {color}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: "Contacts",
      dataIndex: "contactCount",
      align: "right",
      sorter: (a, b) => a.contactCount - b.contactCount,
      render: (count: number) => formatCount(count),
    },
  ];

  if (actions) {
    columns.push({
      title: "Actions",
      key: "actions",
      fixed: "right",
      render: (_, tag) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => actions.onEdit(tag)}>
            Edit
          </Button>
          <Popconfirm
            title={`Delete “${tag.name}”?`}
            description={deleteWarning(tag)}
            okText="Delete"
            okButtonProps={{ danger: true }}
            onConfirm={() => actions.onDelete(tag)}
          >
            <Button type="link" size="small" danger>
              Delete
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <DataTable<Tag>
      columns={columns}
      dataSource={tags}
      loading={loading}
      error={error}
      onRetry={onRetry}
      pagination={false}
    />
  );
}
