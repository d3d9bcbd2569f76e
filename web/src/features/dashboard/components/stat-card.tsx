import { Card, Flex, Statistic, theme } from "antd";
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
    <Card loading={loading} style={{ height: "100%" }} styles={{ body: { padding: 20 } }}>
      <Flex align="center" justify="space-between" gap={12}>
        <Statistic title={title} value={value ?? 0} />
        <Flex
          align="center"
          justify="center"
          aria-hidden
          style={{
            flex: "none",
            width: 44,
            height: 44,
            borderRadius: token.borderRadiusLG,
            fontSize: 20,
            color: accent,
            background: `color-mix(in srgb, ${accent} 12%, transparent)`,
          }}
        >
          {icon}
        </Flex>
      </Flex>
    </Card>
  );
}
