import { Button, Flex, Typography } from "antd";
import { useRouteError } from "react-router";
import { errorMessage } from "@/lib/api-client";

/**
 * Last resort for a render error or a page chunk that failed to load (e.g. after a deploy).
 * Deliberately plain: it must not depend on anything that might itself fail to load.
 */
export function RouteError() {
  const error = useRouteError();
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      gap={8}
      style={{ minHeight: "60vh", padding: 24, textAlign: "center" }}
    >
      <Typography.Title level={3}>Something went wrong</Typography.Title>
      <Typography.Paragraph type="secondary">{errorMessage(error)}</Typography.Paragraph>
      <Button type="primary" onClick={() => window.location.reload()}>
        Reload Parley
      </Button>
    </Flex>
  );
}
