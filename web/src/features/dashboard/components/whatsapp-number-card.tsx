import { Card, Flex, Typography } from "antd";
import { LinkButton } from "@/components/link-button";
import { WhatsAppStateTag } from "@/components/whatsapp-state-tag";
import { formatPhone } from "@/lib/format";
import type { Dashboard } from "../api/dashboard";

type WhatsAppNumberCardProps = {
  whatsapp: Dashboard["whatsapp"] | undefined;
  loading: boolean;
};

export function WhatsAppNumberCard({ whatsapp, loading }: WhatsAppNumberCardProps) {
  const linked = whatsapp !== undefined && whatsapp.state !== "none";
  return (
    <Card loading={loading} style={{ height: "100%" }} styles={{ body: { padding: 20 } }}>
      {whatsapp && (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">My WhatsApp number</Typography.Text>
          <Flex align="center" gap={8} wrap>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {whatsapp.phoneE164 ? formatPhone(whatsapp.phoneE164) : "No number yet"}
            </Typography.Text>
            <WhatsAppStateTag state={whatsapp.state} />
          </Flex>
          <div>
            <LinkButton to="/whatsapp" type={linked ? "default" : "primary"}>
              {linked ? "Manage" : "Link my number"}
            </LinkButton>
          </div>
        </Flex>
      )}
    </Card>
  );
}
