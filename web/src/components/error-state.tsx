import { ReloadOutlined } from "@ant-design/icons";
import { Button, Result } from "antd";
import { errorMessage } from "@/lib/api-client";

type ErrorStateProps = {
  error: unknown;
  title?: string;
  onRetry?: () => void;
};

/** What a screen shows when its data could not be loaded. */
export function ErrorState({ error, title = "Couldn't load this", onRetry }: ErrorStateProps) {
  return (
    <Result
      status="warning"
      title={title}
      subTitle={errorMessage(error)}
      extra={
        onRetry && (
          <Button icon={<ReloadOutlined />} onClick={onRetry}>
            Try again
          </Button>
        )
      }
    />
  );
}
