import { TeamOutlined, UserOutlined } from "@ant-design/icons";
import { Avatar } from "antd";
import { initials } from "@/lib/format";

/** Soft colours picked by name, so a person keeps theirs across the list, header and panel. */
const palette = ["#0e7c61", "#1677ff", "#722ed1", "#c41d7f", "#d46b08", "#08979c", "#389e0d", "#531dab"];

function colourFor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return palette[hash % palette.length] ?? "#0e7c61";
}

/** A title that is only a phone number has no initials worth showing. */
const isNumber = (title: string) => /^[+\d\s().-]+$/.test(title);

export function ChatAvatar({
  title,
  isGroup,
  size = 44,
}: {
  title: string;
  isGroup: boolean;
  size?: number;
}) {
  const icon = isGroup ? <TeamOutlined /> : isNumber(title) ? <UserOutlined /> : undefined;
  return (
    <Avatar size={size} aria-hidden icon={icon} style={{ backgroundColor: colourFor(title), flexShrink: 0 }}>
      {icon ? null : initials(title)}
    </Avatar>
  );
}
