import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, reportUnauthorized } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { type MessageItem, type MessagePages, upsertMessage } from "./chats";

const MB = 1024 * 1024;

export type MediaKind = "image" | "video" | "audio" | "document";

/** The server's limits (`POST /api/chats/:id/media`), checked here first to say so before uploading. */
export const MEDIA_LIMITS: Record<MediaKind, number> = {
  image: 16 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 100 * MB,
};

const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const AUDIO_TYPES = ["audio/ogg", "audio/opus", "audio/mpeg", "audio/mp4", "audio/aac", "audio/webm"];

/** How a chosen file goes out: as a photo, video or sound WhatsApp plays, or as a document. */
export function mediaKindOf(file: File): MediaKind {
  const type = file.type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (IMAGE_TYPES.includes(type)) return "image";
  if (type === "video/mp4") return "video";
  if (AUDIO_TYPES.includes(type)) return "audio";
  return "document";
}

const KIND_NAMES: Record<MediaKind, string> = {
  image: "Photos",
  video: "Videos",
  audio: "Audio files",
  document: "Documents",
};

/** Why this file cannot be sent, or null when it can. */
export function fileProblem(file: File): string | null {
  const kind = mediaKindOf(file);
  if (file.size === 0) return "This file is empty.";
  if (file.size > MEDIA_LIMITS[kind])
    return `${KIND_NAMES[kind]} can be at most ${MEDIA_LIMITS[kind] / MB} MB; this one is ${(file.size / MB).toFixed(1)} MB.`;
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

type SendMediaInput = { file: File; caption: string; replyTo: MessageItem | null };

function errorOf(xhr: XMLHttpRequest): ApiError {
  const body = xhr.response as { error?: { code?: string; message?: string } } | null;
  const message =
    body?.error?.message ??
    (xhr.status === 0
      ? "The upload failed. Check your connection and try again."
      : `The server answered ${xhr.status}`);
  return new ApiError(xhr.status, body?.error?.code ?? `http_${xhr.status}`, message);
}

/** Uploads with XMLHttpRequest: fetch cannot report upload progress. */
function uploadMedia(
  chatId: number,
  { file, caption, replyTo }: SendMediaInput,
  onProgress: (fraction: number) => void,
): Promise<MessageItem> {
  const form = new FormData();
  if (caption.trim()) form.append("caption", caption.trim());
  if (replyTo) form.append("replyToMessageId", String(replyTo.id));
  form.append("file", file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/chats/${chatId}/media`);
    xhr.responseType = "json";
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) return resolve((xhr.response as { message: MessageItem }).message);
      if (xhr.status === 401) reportUnauthorized();
      reject(errorOf(xhr));
    };
    xhr.onerror = () => reject(errorOf(xhr));
    xhr.send(form);
  });
}

/**
 * Sends a file with an optional caption. `progress` (0–1) follows the upload; the message the
 * server stored (sent, or failed with Retry) then joins the chat.
 */
export function useSendMedia(chatId: number) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState(0);
  const mutation = useMutation({
    mutationFn: (input: SendMediaInput) => {
      setProgress(0);
      return uploadMedia(chatId, input, setProgress);
    },
    onSuccess: (message) =>
      queryClient.setQueryData<MessagePages>(queryKeys.chats.messages(chatId), (data) =>
        upsertMessage(data, message),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.lists }),
  });
  return { ...mutation, progress };
}
