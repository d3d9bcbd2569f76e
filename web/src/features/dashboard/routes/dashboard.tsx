import {
  BellOutlined,
  ContactsOutlined,
  MailOutlined,
  MessageOutlined,
  TagsOutlined,
  TeamOutlined,
  WhatsAppOutlined,
} from "@ant-design/icons";
import { Col, Flex, Row } from "antd";
import type { ReactNode } from "react";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { useCurrentUser } from "@/lib/auth";
import { type DashboardCounts, useDashboard } from "../api/dashboard";
import { RecentActivity } from "../components/recent-activity";
import { StatCard } from "../components/stat-card";
import { WhatsAppNumberCard } from "../components/whatsapp-number-card";

const stats: { key: keyof DashboardCounts; title: string; icon: ReactNode; accent: string }[] = [
  { key: "contacts", title: "Contacts", icon: <ContactsOutlined />, accent: "#0e7c61" },
  { key: "whatsappContacts", title: "WhatsApp contacts", icon: <WhatsAppOutlined />, accent: "#25a244" },
  { key: "tags", title: "Tags", icon: <TagsOutlined />, accent: "#d46b08" },
  { key: "users", title: "Team members", icon: <TeamOutlined />, accent: "#1677ff" },
  { key: "chats", title: "Chats", icon: <MessageOutlined />, accent: "#722ed1" },
  { key: "unreadChats", title: "Unread chats", icon: <BellOutlined />, accent: "#cf1322" },
  { key: "messages", title: "Messages", icon: <MailOutlined />, accent: "#13a8a8" },
];

export default function DashboardRoute() {
  const user = useCurrentUser();
  const dashboard = useDashboard();
  const firstName = user.fullName.split(" ")[0] || user.username;

  return (
    <>
      <PageHeader
        title={`Welcome back, ${firstName}`}
        description="What's happening across your team's contacts and conversations."
      />
      {dashboard.isError ? (
        <ErrorState
          error={dashboard.error}
          title="Couldn't load the dashboard"
          onRetry={() => dashboard.refetch()}
        />
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            {stats.map((stat) => (
              <Col key={stat.key} xs={12} lg={6}>
                <StatCard
                  title={stat.title}
                  icon={stat.icon}
                  accent={stat.accent}
                  value={dashboard.data?.counts[stat.key]}
                  loading={dashboard.isPending}
                />
              </Col>
            ))}
            <Col xs={12} lg={6}>
              <WhatsAppNumberCard whatsapp={dashboard.data?.whatsapp} loading={dashboard.isPending} />
            </Col>
          </Row>
          <RecentActivity entries={dashboard.data?.recentActivity} loading={dashboard.isPending} />
        </Flex>
      )}
    </>
  );
}
