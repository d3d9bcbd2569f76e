import {
  AudioOutlined,
  DownloadOutlined,
  FileOutlined,
  FilePdfOutlined,
  PictureOutlined,
  ReloadOutlined,
  VideoCameraOutlined,
} from "@ant-design/icons";
import { Button, Flex, Image, Spin, Typography, theme } from "antd";
import { type ReactNode, useState } from "react";
import type { MessageItem } from "../api/chats";
import { formatBytes } from "../api/media";

/** The box a picture or video takes before it loads, so the chat never jumps. */
const FRAME = { width: 260, height: 200 };
const STICKER = 144;

type Media = NonNullable<MessageItem["media"]>;

/** A photo, sticker, video, voice note or document inside a bubble; the bytes come from `media.url`. */
export function MessageMedia({ type, media }: { type: string; media: Media }) {
  if (media.state === "failed") return <Unavailable type={type} media={media} />;
  switch (type) {
    case "image":
    case "sticker":
      return <Picture media={media} sticker={type === "sticker"} />;
    case "video":
      return <Playable media={media} kind="video" />;
    case "audio":
      return <Playable media={media} kind="audio" />;
    default:
      return <DocumentCard media={media} />;
  }
}

/** Shown until the element's bytes arrived (media still coming from WhatsApp arrives through the same URL). */
function Loading({ children, loaded, size }: { children: ReactNode; loaded: boolean; size: typeof FRAME }) {
  const { token } = theme.useToken();
  return (
    <div
      style={{
        position: "relative",
        ...size,
        maxWidth: "100%",
        borderRadius: 8,
        overflow: "hidden",
        background: token.colorFillTertiary,
      }}
    >
      {children}
      {!loaded && (
        <Flex
          align="center"
          justify="center"
          style={{ position: "absolute", inset: 0, pointerEvents: "none" }}
        >
          <Spin size="small" />
        </Flex>
      )}
    </div>
  );
}

function Picture({ media, sticker }: { media: Media; sticker: boolean }) {
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const size = sticker ? { width: STICKER, height: STICKER } : FRAME;
  const src = attempt === 0 ? media.url : `${media.url}?attempt=${attempt}`;
  if (failed)
    return (
      <LoadFailed
        onRetry={() => {
          setFailed(false);
          setLoaded(false);
          setAttempt((value) => value + 1);
        }}
      />
    );
  return (
    <Loading loaded={loaded} size={size}>
      <Image
        src={src}
        alt={sticker ? "Sticker" : (media.name ?? "Photo")}
        width={size.width}
        height={size.height}
        loading="lazy"
        onLoad={() => setLoaded(true)}
        onError={() => setFailed(true)}
        style={{ objectFit: sticker ? "contain" : "cover", display: "block" }}
        preview={sticker ? false : { src }}
      />
    </Loading>
  );
}

function Playable({ media, kind }: { media: Media; kind: "video" | "audio" }) {
  const [loaded, setLoaded] = useState(false);
  if (kind === "audio")
    return (
      <Flex align="center" gap={8}>
        <AudioOutlined aria-hidden />
        {/* biome-ignore lint/a11y/useMediaCaption: voice notes have no captions to offer */}
        <audio controls preload="metadata" src={media.url} style={{ width: 240, maxWidth: "100%" }} />
      </Flex>
    );
  return (
    <Loading loaded={loaded} size={FRAME}>
      {/* biome-ignore lint/a11y/useMediaCaption: WhatsApp videos come without captions */}
      <video
        controls
        preload="metadata"
        src={media.url}
        onLoadedMetadata={() => setLoaded(true)}
        onError={() => setLoaded(true)}
        style={{ width: "100%", height: "100%", display: "block", background: "#000" }}
      />
    </Loading>
  );
}

const isPdf = (mime: string | null) => mime?.startsWith("application/pdf") ?? false;

function DocumentCard({ media }: { media: Media }) {
  const { token } = theme.useToken();
  return (
    <Flex
      align="center"
      gap={10}
      style={{ background: token.colorFillTertiary, borderRadius: 8, padding: "8px 10px", maxWidth: 320 }}
    >
      <span style={{ fontSize: 24, color: token.colorTextSecondary }} aria-hidden>
        {isPdf(media.mime) ? <FilePdfOutlined /> : <FileOutlined />}
      </span>
      <Flex vertical style={{ minWidth: 0, flex: 1 }}>
        <Typography.Text ellipsis style={{ fontSize: 13 }}>
          {media.name ?? "Document"}
        </Typography.Text>
        {media.size ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatBytes(media.size)}
          </Typography.Text>
        ) : null}
      </Flex>
      <Button
        shape="circle"
        icon={<DownloadOutlined />}
        href={`${media.url}?download=1`}
        aria-label={`Download ${media.name ?? "document"}`}
      />
    </Flex>
  );
}

const UNAVAILABLE_ICONS: Record<string, ReactNode> = {
  image: <PictureOutlined />,
  sticker: <PictureOutlined />,
  video: <VideoCameraOutlined />,
  audio: <AudioOutlined />,
};

/** WhatsApp no longer has the file (or would not give it): opening it asks once more. */
function Unavailable({ type, media }: { type: string; media: Media }) {
  const { token } = theme.useToken();
  return (
    <Flex
      align="center"
      gap={8}
      style={{ background: token.colorFillTertiary, borderRadius: 8, padding: "8px 10px" }}
    >
      <span style={{ fontSize: 20, color: token.colorTextTertiary }} aria-hidden>
        {UNAVAILABLE_ICONS[type] ?? <FileOutlined />}
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {media.name ?? "This media"} couldn't be downloaded
      </Typography.Text>
      <Button size="small" icon={<DownloadOutlined />} href={`${media.url}?download=1`}>
        Try again
      </Button>
    </Flex>
  );
}

function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      gap={6}
      style={{ ...FRAME, maxWidth: "100%", borderRadius: 8, background: token.colorFillTertiary }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        The photo couldn't be loaded
      </Typography.Text>
      <Button size="small" icon={<ReloadOutlined />} onClick={onRetry}>
        Retry
      </Button>
    </Flex>
  );
}
