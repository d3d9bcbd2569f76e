import { LoadingOutlined } from "@ant-design/icons";
import { Card, Flex, Skeleton, Spin, Typography } from "antd";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { WhatsAppStateTag } from "@/components/whatsapp-state-tag";
import { isApiError } from "@/lib/api-client";
import { useAuth } from "@/lib/auth";
import {
  type AccountAction,
  useAccountAction,
  useWhatsAppAccount,
  type WhatsAppAccount,
} from "../api/whatsapp-account";
import { ConnectPanel } from "../components/connect-panel";
import { LinkSteps } from "../components/link-steps";
import { NumberPanel } from "../components/number-panel";
import { QrPanel } from "../components/qr-panel";
import { TeamNumbersTable } from "../components/team-numbers-table";
import { WhatsAppErrorAlert } from "../components/whatsapp-error-alert";

function ResumingNumber() {
  return (
    <Flex vertical align="center" gap={12} style={{ paddingBlock: 40, textAlign: "center" }} role="status">
      <Spin indicator={<LoadingOutlined style={{ fontSize: 32 }} />} />
      <Typography.Text strong>Reconnecting your number…</Typography.Text>
      <Typography.Text type="secondary">
        It is already linked, so no code is needed. This takes a few seconds.
      </Typography.Text>
    </Flex>
  );
}

type MyNumberProps = {
  account: WhatsAppAccount | null;
  demo: boolean;
  pending: AccountAction | undefined;
  onAction: (action: AccountAction) => Promise<unknown>;
};

/** The card's body for each state of my number. */
function MyNumber({ account, demo, pending, onAction }: MyNumberProps) {
  // A paired number resuming its session: WhatsApp answers on its own, without a new code.
  if (account?.stateDetail === "connecting" && account.state !== "connected") return <ResumingNumber />;
  if (account?.state === "connected" || account?.state === "disconnected")
    return <NumberPanel account={account} pending={pending} onAction={onAction} />;
  if (account?.state === "qr")
    return (
      <Flex vertical gap={28}>
        <LinkSteps current={1} />
        <QrPanel
          qr={account.qr}
          demo={demo}
          demoScanning={pending === "demo-scan"}
          onDemoScan={() => onAction("demo-scan")}
        />
      </Flex>
    );
  return (
    <Flex vertical gap={28}>
      <LinkSteps current={0} />
      <ConnectPanel
        account={account}
        connecting={pending === "connect"}
        onConnect={() => onAction("connect")}
      />
    </Flex>
  );
}

export default function WhatsAppRoute() {
  const { isAdmin } = useAuth();
  const query = useWhatsAppAccount();
  const action = useAccountAction();
  const account = query.data?.account ?? null;

  // Failures stay on screen in an alert (see below), so a rejected action needs no handling here.
  const run = (name: AccountAction) => action.mutateAsync(name).catch(() => undefined);

  const body = () => {
    if (query.isPending) return <Skeleton active avatar paragraph={{ rows: 4 }} />;
    if (query.isError)
      return isApiError(query.error, "whatsapp_unavailable") ? (
        <WhatsAppErrorAlert error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <ErrorState error={query.error} title="Couldn't load your number" onRetry={() => query.refetch()} />
      );
    return (
      <MyNumber
        account={account}
        demo={query.data.demo}
        pending={action.isPending ? action.variables : undefined}
        onAction={run}
      />
    );
  };

  return (
    <>
      <PageHeader description="The WhatsApp number you chat from. Each team member links their own." />
      {/* A settings page: long lines and a QR code adrift in a wide card read badly. */}
      <Flex vertical gap={16} style={{ maxWidth: 960 }}>
        {action.isError && <WhatsAppErrorAlert error={action.error} onClose={() => action.reset()} />}
        <Card
          title="My number"
          extra={query.isSuccess && <WhatsAppStateTag state={account?.state ?? "none"} />}
        >
          {body()}
        </Card>
        {isAdmin && (
          <section aria-labelledby="team-numbers-title">
            <Typography.Title level={5} id="team-numbers-title" style={{ margin: "8px 0 4px" }}>
              Team numbers
            </Typography.Title>
            <Typography.Paragraph type="secondary">
              Who has linked a number and whether it is online. You see states only, never anyone's messages.
            </Typography.Paragraph>
            <TeamNumbersTable />
          </section>
        )}
      </Flex>
    </>
  );
}
