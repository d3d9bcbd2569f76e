import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Input, Typography } from "antd";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { errorMessage, isApiError } from "@/lib/api-client";
import { useLogin } from "@/lib/auth";

/** Seconds left until `until` (a timestamp), ticking once a second; 0 when it has passed. */
function useSecondsUntil(until: number | null): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

function retryAfterSeconds(error: unknown): number | null {
  if (!isApiError(error, "rate_limited")) return null;
  const seconds = Number(error.details?.retryAfterSeconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 60;
}

type LoginFieldProps = { id: string; label: string; error: string | undefined; children: ReactNode };

function LoginField({ id, label, error, children }: LoginFieldProps) {
  return (
    <Flex vertical gap={6}>
      <label htmlFor={id}>
        <Typography.Text>{label}</Typography.Text>
      </label>
      {children}
      {error && (
        <Typography.Text id={`${id}-error`} type="danger" style={{ fontSize: 13 }}>
          {error}
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * A plain form on purpose: this screen is in the entry chunk, and antd's Form with its
 * validator would add ~30 KB gzip to every first visit for two required fields.
 */
export function LoginForm() {
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [showMissing, setShowMissing] = useState(false);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const secondsLeft = useSecondsUntil(retryAt);
  const rateLimited = secondsLeft > 0;

  const usernameError = showMissing && !username.trim() ? "Enter your username" : undefined;
  const passwordError = showMissing && !password ? "Enter your password" : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowMissing(true);
    if (!username.trim() || !password) return;
    login.mutate(
      { username: username.trim(), password },
      {
        onError: (error) => {
          const wait = retryAfterSeconds(error);
          setRetryAt(wait === null ? null : Date.now() + wait * 1000);
        },
      },
    );
  };

  const problem =
    login.error &&
    (rateLimited
      ? `Too many sign-in attempts. Try again in ${secondsLeft} s.`
      : retryAt === null
        ? errorMessage(login.error)
        : "You can try again now.");

  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      <Flex vertical gap={18}>
        {problem && <Alert type={rateLimited ? "warning" : "error"} showIcon role="alert" title={problem} />}
        <LoginField id="login-username" label="Username" error={usernameError}>
          <Input
            id="login-username"
            size="large"
            prefix={<UserOutlined />}
            autoComplete="username"
            autoCapitalize="none"
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            status={usernameError && "error"}
            aria-invalid={usernameError !== undefined}
            aria-describedby={usernameError && "login-username-error"}
          />
        </LoginField>
        <LoginField id="login-password" label="Password" error={passwordError}>
          <Input.Password
            id="login-password"
            size="large"
            prefix={<LockOutlined />}
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            status={passwordError && "error"}
            aria-invalid={passwordError !== undefined}
            aria-describedby={passwordError && "login-password-error"}
          />
        </LoginField>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={login.isPending}
          disabled={rateLimited}
          style={{ marginTop: 6 }}
        >
          Sign in
        </Button>
      </Flex>
    </form>
  );
}
