import { Card, Empty } from "antd";
import { LinkButton } from "@/components/link-button";
import { PageHeader } from "@/components/page-header";

export default function ChatsRoute() {
  return (
    <>
      <PageHeader description="Conversations on your WhatsApp number." />
      <Card>
        <Empty
          description="Your chats appear here once your WhatsApp number is linked."
          style={{ paddingBlock: 48 }}
        >
          <LinkButton type="primary" to="/whatsapp">
            Link your WhatsApp number
          </LinkButton>
        </Empty>
      </Card>
    </>
  );
}
