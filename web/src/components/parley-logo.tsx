import { Typography, theme } from "antd";
import { useId } from "react";

type ParleyLogoProps = {
  size?: number;
  /** Show the "Parley" word beside the mark. */
  showName?: boolean;
};

/** The Parley mark: two overlapping speech bubbles, a conversation between the team and a contact. */
export function ParleyLogo({ size = 32, showName = false }: ParleyLogoProps) {
  const gradientId = useId();
  const { token } = theme.useToken();
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 10 }}>
      <svg
        width={size}
        height={size}
        viewBox="0 0 32 32"
        role="img"
        aria-label="Parley"
        style={{ flex: "none" }}
      >
        <defs>
          <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
            <stop offset="0" stopColor="#1db389" />
            <stop offset="1" stopColor="#0b6650" />
          </linearGradient>
        </defs>
        <rect width="32" height="32" rx="9" fill={`url(#${gradientId})`} />
        <path
          d="M14 6.5h9a4 4 0 0 1 4 4v4.5a4 4 0 0 1-4 4h-.6v2.7l-3.3-2.7H14a4 4 0 0 1-4-4v-4.5a4 4 0 0 1 4-4z"
          fill="#fff"
          fillOpacity=".45"
        />
        <path
          d="M9 11.5h9.5a4 4 0 0 1 4 4v5a4 4 0 0 1-4 4h-6l-3.6 3v-3H9a4 4 0 0 1-4-4v-5a4 4 0 0 1 4-4z"
          fill="#fff"
        />
        <circle cx="10.2" cy="18" r="1.35" fill="#0e7c61" />
        <circle cx="13.8" cy="18" r="1.35" fill="#0e7c61" />
        <circle cx="17.4" cy="18" r="1.35" fill="#0e7c61" />
      </svg>
      {showName && (
        <Typography.Text
          strong
          style={{
            fontSize: size * 0.6,
            letterSpacing: -0.3,
            color: token.colorTextHeading,
            whiteSpace: "nowrap",
          }}
        >
          Parley
        </Typography.Text>
      )}
    </span>
  );
}
