import { CheckOutlined, ClockCircleOutlined, ExclamationCircleFilled } from "@ant-design/icons";
import { theme } from "antd";
import type { MessageStatus } from "../api/chats";

/** WhatsApp's read-receipt blue: a convention users read without a legend. */
const READ_BLUE = "#53bdeb";

const labels: Record<MessageStatus, string> = {
  pending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Not sent",
  received: "Received",
};

/** Two overlapping checks, like WhatsApp's ✓✓. */
function DoubleCheck({ color }: { color: string }) {
  return (
    <span style={{ display: "inline-flex", color }}>
      <CheckOutlined />
      <CheckOutlined style={{ marginInlineStart: -7 }} />
    </span>
  );
}

/** The clock, ✓, ✓✓ or blue ✓✓ of one of my messages; nothing for messages I received. */
export function MessageStatusIcon({ status }: { status: MessageStatus }) {
  const { token } = theme.useToken();
  if (status === "received") return null;
  const icon =
    status === "pending" ? (
      <ClockCircleOutlined />
    ) : status === "sent" ? (
      <CheckOutlined />
    ) : status === "failed" ? (
      <ExclamationCircleFilled style={{ color: token.colorError }} />
    ) : (
      <DoubleCheck color={status === "read" ? READ_BLUE : "inherit"} />
    );
  return (
    <span role="img" aria-label={labels[status]} title={labels[status]} style={{ fontSize: 12 }}>
      {icon}
    </span>
  );
}
