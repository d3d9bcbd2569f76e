import { Flex, Typography, theme } from "antd";
import type { ReactNode } from "react";

/** Numbered steps to follow on the phone. */
export function InstructionList({ steps }: { steps: ReactNode[] }) {
  const { token } = theme.useToken();
  return (
    <Flex vertical gap={12} component="ol" style={{ margin: 0, padding: 0, listStyle: "none" }}>
      {steps.map((step, index) => (
        // Fixed, ordered content: the position is the identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Flex key={index} component="li" gap={12} align="baseline">
          <Flex
            align="center"
            justify="center"
            aria-hidden
            style={{
              flex: "none",
              width: 24,
              height: 24,
              borderRadius: "50%",
              fontSize: 12,
              fontWeight: 600,
              color: token.colorPrimary,
              background: token.colorPrimaryBg,
            }}
          >
            {index + 1}
          </Flex>
          <Typography.Text>{step}</Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}
