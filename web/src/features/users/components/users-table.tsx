import {
  Avatar,
  Badge,
  Button,
  Flex,
  Popconfirm,
  Space,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { DataTable } from "@/components/data-table";
import { formatDate, formatDateTime, formatRelative, initials } from "@/lib/format";
import type { User } from "../api/users";

type UsersTableProps = {
  users: User[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** The signed-in admin: their own row has no disable action (the server refuses it anyway). */
  currentUserId: number;
  onEdit: (user: User) => void;
  onResetPassword: (user: User) => void;
  onSetDisabled: (user: User, disabled: boolean) => Promise<unknown>;
};

export function UsersTable({
  users,
  loading,
  error,
  onRetry,
  currentUserId,
  onEdit,
  onResetPassword,
  onSetDisabled,
}: UsersTableProps) {
  const columns: TableColumnsType<User> = [
    {
      title: "User",
      key: "user",
      render: (_, user) => (
        <Flex align="center" gap={10}>
          <Avatar size="small" style={{ flex: "none" }}>
            {initials(user.fullName)}
          </Avatar>
          <Flex vertical>
            <Typography.Text strong>{user.fullName}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              @{user.username}
              {user.id === currentUserId && " (you)"}
            </Typography.Text>
          </Flex>
        </Flex>
      ),
    },
    {
      title: "Email",
      dataIndex: "email",
      render: (email: string | null) => email ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: "Role",
      dataIndex: "role",
      render: (role: User["role"]) =>
        role === "admin" ? <Tag color="purple">Admin</Tag> : <Tag color="blue">Agent</Tag>,
    },
    {
      title: "Status",
      dataIndex: "disabled",
      render: (disabled: boolean) =>
        disabled ? <Badge status="default" text="Disabled" /> : <Badge status="success" text="Active" />,
    },
    {
      title: "Last login",
      dataIndex: "lastLoginAt",
      render: (lastLoginAt: string | null) =>
        lastLoginAt ? (
          <Tooltip title={formatDateTime(lastLoginAt)}>{formatRelative(lastLoginAt)}</Tooltip>
        ) : (
          <Typography.Text type="secondary">Never</Typography.Text>
        ),
    },
    { title: "Created", dataIndex: "createdAt", render: (createdAt: string) => formatDate(createdAt) },
    {
      title: "Actions",
      key: "actions",
      fixed: "right",
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => onEdit(user)}>
            Edit
          </Button>
          <Button type="link" size="small" onClick={() => onResetPassword(user)}>
            Reset password
          </Button>
          {user.id !== currentUserId &&
            (user.disabled ? (
              <Popconfirm
                title={`Enable ${user.username}?`}
                description="They can sign in again."
                okText="Enable"
                onConfirm={() => onSetDisabled(user, false)}
              >
                <Button type="link" size="small">
                  Enable
                </Button>
              </Popconfirm>
            ) : (
              <Popconfirm
                title={`Disable ${user.username}?`}
                description="They are signed out and can't sign in until enabled."
                okText="Disable"
                okButtonProps={{ danger: true }}
                onConfirm={() => onSetDisabled(user, true)}
              >
                <Button type="link" size="small" danger>
                  Disable
                </Button>
              </Popconfirm>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <DataTable<User>
      columns={columns}
      dataSource={users}
      loading={loading}
      error={error}
      onRetry={onRetry}
      pagination={false}
    />
  );
}
