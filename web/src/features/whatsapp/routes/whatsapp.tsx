import { WhatsAppOutlined } from "@ant-design/icons";
import { Card, Descriptions, Result, Skeleton } from "antd";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { WhatsAppStateTag } from "@/components/whatsapp-state-tag";
import { formatDateTime } from "@/lib/format";
import { useWhatsAppAccount } from "../api/whatsapp-account";

export default function WhatsAppRoute() {
  const account = useWhatsAppAccount();

  const body = () => {
    if (account.isPending) return <Skeleton active />;
    if (account.isError)
      return (
        <ErrorState
          error={account.error}
          title="Couldn't load your number"
          onRetry={() => account.refetch()}
        />
      );
    const linked = account.data;
    if (!linked || linked.state === "none") {
      return (
        <Result
          icon={<WhatsAppOutlined style={{ color: "#25d366" }} />}
          title="Your WhatsApp number is not linked yet"
          subTitle="Once it is linked, your WhatsApp contacts and recent chats come into Parley and are matched with the contact book."
        />
      );
    }
    return (
      <Descriptions
        column={1}
        bordered
        size="middle"
        items={[
          { key: "state", label: "State", children: <WhatsAppStateTag state={linked.state} /> },
          { key: "phone", label: "Number", children: linked.phoneE164 ?? "—" },
          { key: "name", label: "WhatsApp name", children: linked.pushName ?? "—" },
          {
            key: "connected",
            label: "Connected since",
            children: linked.connectedAt ? formatDateTime(linked.connectedAt) : "—",
          },
        ]}
      />
    );
  };

  return (
    <>
      <PageHeader description="The WhatsApp number you chat from. Each team member links their own." />
      <Card>{body()}</Card>
    </>
  );
}
