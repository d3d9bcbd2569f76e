import { Result } from "antd";
import { LinkButton } from "./link-button";

export default function ForbiddenResult({ what = "this page" }: { what?: string }) {
  return (
    <Result
      status="403"
      title="Admins only"
      subTitle={`Your account can't open ${what}. Ask an admin if you need access.`}
      extra={
        <LinkButton type="primary" to="/">
          Back to dashboard
        </LinkButton>
      }
    />
  );
}
