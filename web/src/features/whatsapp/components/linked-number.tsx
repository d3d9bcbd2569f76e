import { WarningOutlined, WhatsAppOutlined } from "@ant-design/icons";
import { Avatar, Flex, Tag, Tooltip, Typography } from "antd";
import { formatDateTime, formatPhone, formatRelative } from "@/lib/format";
import type { WhatsAppAccount } from "../api/whatsapp-account";

/** Whose number this is and since when it is online: the head of the connected and disconnected views. */
export function LinkedNumber({ account }: { account: WhatsAppAccount }) {
  const online = account.state === "connected";
  return (
    <Flex gap={16} align="center">
      <Avatar
        size={56}
        icon={<WhatsAppOutlined />}
        style={{ flex: "none", background: online ? "#25d366" : undefined }}
      />
      <Flex vertical gap={2} style={{ minWidth: 0 }}>
        <Flex align="center" gap={8} wrap>
          <Typography.Text strong style={{ fontSize: 20, whiteSpace: "nowrap" }}>
            {account.phoneE164 ? formatPhone(account.phoneE164) : "Number not known yet"}
          </Typography.Text>
          {account.unsignedWebhooks > 0 && (
            <Tooltip
              title={`${account.unsignedWebhooks} event(s) from the WhatsApp connection service arrived without a signature. They were accepted so no message is lost; if this keeps growing, ask an admin to check the service's HMAC key.`}
            >
              <Tag color="warning" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                Some events arrived unsigned
              </Tag>
            </Tooltip>
          )}
        </Flex>
        <Typography.Text type="secondary" ellipsis>
          {account.pushName && <>{account.pushName} · </>}
          {account.connectedAt ? (
            <Tooltip title={formatDateTime(account.connectedAt)}>
              <span>
                {online ? "Connected" : "Last connected"}{" "}
                <time dateTime={account.connectedAt}>{formatRelative(account.connectedAt)}</time>
              </span>
            </Tooltip>
          ) : (
            "Linked device"
          )}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
