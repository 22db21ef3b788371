/** Message ids and bodies for the Send API. */
import { createHash } from "node:crypto";
import { messageIdIn } from "../../conversation/threadId";
import type { SdkAttachment } from "../../engage/types";

/** RCE's documented maximum message body. */
export const MAX_BODY_CHARS = 20_000;

/**
 * A stable id per Cognigy input (and text, for several bot messages in one turn): a node that runs
 * again for the same input sends the same id instead of a new message. It starts with the thread id,
 * so a push that names only the message (a queue update with in_reply_to_id) still finds the
 * conversation.
 */
export function messageId(
  threadId: string,
  kind: "user" | "bot" | "handover" | "transcript",
  inputId: string,
  text = "",
): string {
  const digest = createHash("sha256")
    .update(`${kind}\u0000${inputId}\u0000${text}`)
    .digest("base64url")
    .slice(0, 16);
  return messageIdIn(threadId, `${kind}-${digest}`);
}

const VIDEO = /\.(avi|flv|m4v|mkv|mov|mp4|mpg|mpeg4|qt|wmv)(\?|$)/i;
const AUDIO = /\.(aac|mp3|ogg|m4a)(\?|$)/i;

interface InputAttachment {
  url?: unknown;
  type?: unknown;
  contentUrl?: unknown;
}

/**
 * Attachments of the Cognigy input (input.attachments, or input.data.attachments as some endpoints
 * deliver them) as RCE attachments by URL. An .mp4 needs an explicit audio/video type.
 */
export function attachmentsOf(input: Record<string, unknown>): SdkAttachment[] {
  const data = input.data as Record<string, unknown> | undefined;
  const raw = Array.isArray(input.attachments)
    ? input.attachments
    : Array.isArray(data?.attachments)
      ? data?.attachments
      : [];
  const out: SdkAttachment[] = [];
  for (const item of raw as InputAttachment[]) {
    const url =
      typeof item?.url === "string"
        ? item.url
        : typeof item?.contentUrl === "string"
          ? item.contentUrl
          : undefined;
    if (!url || !/^https?:\/\//i.test(url)) continue;
    const declared = typeof item.type === "string" ? item.type.toLowerCase() : "";
    const type = declared.startsWith("video") ? "video" : declared.startsWith("audio") ? "audio" : undefined;
    if (type || /\.mp4(\?|$)/i.test(url))
      out.push({ url, type: type ?? (AUDIO.test(url) ? "audio" : VIDEO.test(url) ? "video" : "video") });
    else out.push({ url });
  }
  return out.slice(0, 10);
}

/** Splits a long text into bodies RCE accepts, at line breaks where possible. */
export function splitBody(text: string, max = MAX_BODY_CHARS): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf("\n", max);
    const at = cut > max / 2 ? cut : max;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, "");
  }
  if (rest) parts.push(rest);
  return parts;
}
