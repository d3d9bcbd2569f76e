import { Flex, Typography, theme } from "antd";
import { Navigate, useSearchParams } from "react-router";
import { ParleyLogo } from "@/components/parley-logo";
import { useAuth } from "@/lib/auth";
import { LoginForm } from "../components/login-form";

/** Only same-site paths: `?next=https://evil.example` must not turn login into an open redirect. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export default function LoginRoute() {
  const { user } = useAuth();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get("next"));
  const { token } = theme.useToken();

  if (user) return <Navigate to={next} replace />;

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: "100vh",
        padding: "32px 16px",
        background: `radial-gradient(circle at 15% 0%, ${token.colorPrimaryBg} 0, transparent 45%), radial-gradient(circle at 100% 100%, ${token.colorPrimaryBg} 0, transparent 40%), ${token.colorBgLayout}`,
      }}
    >
      {/* A plain panel rather than antd Card: Card brings Tabs along, too heavy for the entry chunk. */}
      <main
        style={{
          width: "100%",
          maxWidth: 400,
          boxSizing: "border-box",
          padding: "36px 32px 28px",
          background: token.colorBgContainer,
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG * 1.5,
          boxShadow: token.boxShadowTertiary,
        }}
      >
        <Flex vertical align="center" gap={4} style={{ marginBottom: 28 }}>
          <ParleyLogo size={52} />
          <Typography.Title level={3} style={{ margin: "14px 0 0" }}>
            Sign in to Parley
          </Typography.Title>
          <Typography.Text type="secondary">Your team's WhatsApp inbox</Typography.Text>
        </Flex>
        {/* Signing in fills the session; the redirect above then takes the user on. */}
        <LoginForm />
      </main>
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        Trouble signing in? Ask your Parley admin.
      </Typography.Text>
    </Flex>
  );
}
