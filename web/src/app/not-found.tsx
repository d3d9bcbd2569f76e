import { Result } from "antd";
import { LinkButton } from "@/components/link-button";

export default function NotFound() {
  return (
    <Result
      status="404"
      title="Page not found"
      subTitle="The page you are looking for doesn't exist or was moved."
      extra={
        <LinkButton type="primary" to="/">
          Back to dashboard
        </LinkButton>
      }
    />
  );
}
