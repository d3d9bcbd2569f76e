import { Flex, Typography } from "antd";
import type { ReactNode } from "react";
import { useRouteTitle } from "@/lib/route-title";

type PageHeaderProps = {
  /** Defaults to the route's title. */
  title?: ReactNode;
  description?: ReactNode;
  /** Page-level actions, e.g. a "New contact" button. */
  extra?: ReactNode;
};

export function PageHeader({ title, description, extra }: PageHeaderProps) {
  const routeTitle = useRouteTitle();
  return (
    <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 20 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title ?? routeTitle}
        </Typography.Title>
        {description && (
          <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
            {description}
          </Typography.Paragraph>
        )}
      </div>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
