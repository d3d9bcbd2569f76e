import { DisconnectOutlined, MessageOutlined, PoweroffOutlined } from "@ant-design/icons";
import { Alert, App, Button, Divider, Flex, Popconfirm, Typography } from "antd";
import { LinkButton } from "@/components/link-button";
import type { AccountAction, WhatsAppAccount } from "../api/whatsapp-account";
import { ImportProgress } from "./import-progress";
import { LinkedNumber } from "./linked-number";

type NumberPanelProps = {
  account: WhatsAppAccount;
  /** The action in flight, to show its button as busy. */
  pending: AccountAction | undefined;
  /** Settles when the action is done (failures are shown by the page), so dialogs can wait for it. */
  onAction: (action: AccountAction) => Promise<unknown>;
};

/** A paired number, online or not: who it is, the import, and the controls to take it offline or unlink it. */
export function NumberPanel({ account, pending, onAction }: NumberPanelProps) {
  const { modal } = App.useApp();
  const online = account.state === "connected";

  const confirmUnlink = () =>
    modal.confirm({
      title: "Unlink this number?",
      content:
        "This removes Parley from your WhatsApp's linked devices. Chats and contacts already imported stay; to use Parley again you scan a new code.",
      okText: "Unlink",
      okButtonProps: { danger: true },
      onOk: () => onAction("unlink"),
    });

  return (
    <Flex vertical gap={20}>
      <LinkedNumber account={account} />
      {!online &&
        (account.stateDetail === "wuzapi_unreachable" ? (
          <Alert
            type="error"
            showIcon
            title="Parley can't reach the WhatsApp service"
            description="Messages can't be sent or received until it answers again. Parley checks every minute and reconnects by itself."
          />
        ) : (
          <Alert
            type="warning"
            showIcon
            title={
              account.stateDetail === "connection_lost"
                ? "The connection to WhatsApp was lost"
                : "Your number is offline"
            }
            description="Parley isn't receiving this number's messages. Connect brings it back; no QR code needed."
          />
        ))}
      {online && (
        <>
          <ImportProgress progress={account.import} />
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            Messages to this number arrive in Chats as they come. WhatsApp signs out linked devices when the
            phone has been offline for 14 days, so open WhatsApp on your phone now and then.
          </Typography.Paragraph>
        </>
      )}
      <Divider style={{ margin: 0 }} />
      <Flex gap={8} wrap>
        {online && (
          <LinkButton type="primary" icon={<MessageOutlined />} to="/chats">
            Open chats
          </LinkButton>
        )}
        {online ? (
          <Popconfirm
            title="Disconnect this number?"
            description="It goes offline but stays linked; Connect brings it back without a QR code."
            okText="Disconnect"
            onConfirm={() => onAction("disconnect")}
          >
            <Button icon={<PoweroffOutlined />} loading={pending === "disconnect"}>
              Disconnect
            </Button>
          </Popconfirm>
        ) : (
          <Button type="primary" loading={pending === "connect"} onClick={() => onAction("connect")}>
            Connect
          </Button>
        )}
        <Button danger icon={<DisconnectOutlined />} loading={pending === "unlink"} onClick={confirmUnlink}>
          Unlink
        </Button>
      </Flex>
    </Flex>
  );
}
