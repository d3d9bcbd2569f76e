import { Card, Flex, Statistic, Typography, theme } from "antd";
import type { ReactNode } from "react";

type StatCardProps = {
  title: string;
  value: number | undefined;
  icon: ReactNode;
  /** Accent for the icon badge, any CSS colour. */
  accent: string;
  loading: boolean;
};

export function StatCard({ title, value, icon, accent, loading }: StatCardProps) {
  const { token } = theme.useToken();
  return (
    <Card
      role="group"
      aria-label={title}
      loading={loading}
      style={{ height: "100%" }}
      styles={{ body: { padding: "16px 20px" } }}
    >
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        <Flex
          align="center"
          justify="center"
          aria-hidden
          style={{
            flex: "none",
            width: 36,
            height: 36,
            borderRadius: token.borderRadiusLG,
            fontSize: 18,
            color: accent,
            background: `color-mix(in srgb, ${accent} 12%, transparent)`,
          }}
        >
          {icon}
        </Flex>
      </Flex>
      <Statistic value={value ?? 0} styles={{ content: { fontSize: 28, fontWeight: 600 } }} />
    </Card>
  );
}
