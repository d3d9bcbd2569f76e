import { DownOutlined, LogoutOutlined } from "@ant-design/icons";
import { Avatar, Button, Dropdown, Flex, type MenuProps, Typography, theme } from "antd";
import { useCurrentUser, useLogout } from "@/lib/auth";
import { initials } from "@/lib/format";

const roleLabel = { admin: "Admin", agent: "Agent" } as const;

/** Avatar, name and role in the header; opens a menu with "Log out". */
export function UserMenu({ compact }: { compact: boolean }) {
  const user = useCurrentUser();
  const logout = useLogout();
  const { token } = theme.useToken();

  const items: MenuProps["items"] = [
    {
      key: "who",
      type: "group",
      label: (
        <Flex vertical style={{ paddingBlock: 4 }}>
          <Typography.Text strong>{user.fullName}</Typography.Text>
          <Typography.Text type="secondary">@{user.username}</Typography.Text>
        </Flex>
      ),
    },
    { type: "divider" },
    {
      key: "logout",
      icon: <LogoutOutlined />,
      label: "Log out",
      danger: true,
      onClick: () => logout.mutate(),
    },
  ];

  return (
    <Dropdown menu={{ items }} trigger={["click"]} placement="bottomRight">
      <Button type="text" aria-label="Account menu" style={{ height: 44, paddingInline: 8 }}>
        <Flex align="center" gap={10}>
          <Avatar style={{ background: token.colorPrimary, flex: "none" }}>{initials(user.fullName)}</Avatar>
          {!compact && (
            <Flex vertical align="flex-start" style={{ lineHeight: 1.25 }}>
              <Typography.Text strong>{user.fullName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {roleLabel[user.role]}
              </Typography.Text>
            </Flex>
          )}
          <DownOutlined style={{ fontSize: 10, color: token.colorTextTertiary }} />
        </Flex>
      </Button>
    </Dropdown>
  );
}
