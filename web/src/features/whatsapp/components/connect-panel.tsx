import { ContactsOutlined, HistoryOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { Alert, type AlertProps, Button, Flex, Typography, theme } from "antd";
import type { ReactNode } from "react";
import type { WhatsAppAccount } from "../api/whatsapp-account";

type ConnectPanelProps = {
  /** null when this user has never connected. */
  account: WhatsAppAccount | null;
  connecting: boolean;
  onConnect: () => void;
};

const benefits: { icon: ReactNode; title: string; text: string }[] = [
  {
    icon: <ContactsOutlined />,
    title: "Your contacts come in",
    text: "Matched with the team's contact book, so every chat shows the customer's tags.",
  },
  {
    icon: <HistoryOutlined />,
    title: "Recent chats are imported",
    text: "Quietly, in the background: no flood of notifications or unread badges.",
  },
  {
    icon: <ThunderboltOutlined />,
    title: "New messages arrive live",
    text: "Reply from Parley or from your phone; both stay in step.",
  },
];

/** Why the number is not linked, when we know something worth saying. */
function reasonAlert(account: WhatsAppAccount | null): AlertProps | null {
  if (account?.state === "logged_out")
    return {
      type: "warning",
      title:
        account.stateDetail === "unlinked_from_phone"
          ? "Your number was unlinked from the phone"
          : "WhatsApp logged this device out",
      description:
        "Parley no longer receives this number's messages. Chats already imported stay; link again to carry on.",
    };
  if (account?.state === "error")
    return {
      type: "error",
      title: "WhatsApp reported a problem",
      description: account.stateDetail ?? "The connection failed. Try connecting again.",
    };
  if (account?.stateDetail === "qr_expired")
    return {
      type: "warning",
      title: "The code expired — get a new code",
      description: "Nobody scanned it in time. A new code is only made when you ask for one.",
    };
  if (account?.stateDetail === "wuzapi_user_missing")
    return {
      type: "info",
      title: "The link needs setting up again",
      description: "The WhatsApp connection service lost this number's setup. Connect to start afresh.",
    };
  return null;
}

function connectLabel(account: WhatsAppAccount | null): string {
  if (account?.stateDetail === "qr_expired") return "Get a new code";
  if (account?.state === "logged_out") return "Link again";
  if (account?.state === "error") return "Try again";
  return "Connect";
}

/** Why the number is not linked (if we know), what linking does, and the button that starts it. */
export function ConnectPanel({ account, connecting, onConnect }: ConnectPanelProps) {
  const { token } = theme.useToken();
  const reason = reasonAlert(account);
  return (
    <Flex vertical gap={20}>
      {reason && <Alert showIcon {...reason} />}
      <Typography.Paragraph style={{ margin: 0 }}>
        Link the WhatsApp number on your phone to chat with customers from Parley. Your phone stays linked as
        usual; Parley becomes one of its linked devices.
      </Typography.Paragraph>
      <Flex vertical gap={14} role="list">
        {benefits.map((benefit) => (
          <Flex key={benefit.title} gap={12} align="flex-start" role="listitem">
            <Flex
              align="center"
              justify="center"
              aria-hidden
              style={{
                flex: "none",
                width: 32,
                height: 32,
                borderRadius: token.borderRadius,
                color: token.colorPrimary,
                background: token.colorPrimaryBg,
              }}
            >
              {benefit.icon}
            </Flex>
            <div>
              <Typography.Text strong>{benefit.title}</Typography.Text>
              <br />
              <Typography.Text type="secondary">{benefit.text}</Typography.Text>
            </div>
          </Flex>
        ))}
      </Flex>
      <Flex gap={12} align="center" wrap>
        <Button type="primary" size="large" loading={connecting} onClick={onConnect}>
          {connectLabel(account)}
        </Button>
        <Typography.Text type="secondary">Have your phone with WhatsApp open.</Typography.Text>
      </Flex>
    </Flex>
  );
}
