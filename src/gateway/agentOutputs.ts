/**
 * An agent's message as what the user's Endpoint shows: its text with the agent's choices (RCE's
 * select → Cognigy quick replies, template → buttons, carousel and rich link → a gallery), then
 * one output per attachment (image, audio, video; any other file a link button). Each output has
 * the text an Endpoint that shows no rich output shows instead. The agent's structured content is
 * RCE's, so it is read defensively: what is not of the documented form is left out.
 */
import type {
  CognigyButton,
  CognigyDefaultOutput,
  CognigyGalleryItem,
  CognigyRichData,
} from "../conversation/cognigyOutputs";
import { encodePick } from "../conversation/picks";
import { STRUCTURED_LIMITS as L, type SdkAgentMessageParams } from "../engage/types";

export interface AgentOutput {
  text: string;
  rich?: CognigyRichData;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown, max: number): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim().slice(0, max) : undefined;
}

function httpUrl(value: unknown): string | undefined {
  const url = str(value, L.url);
  return url && /^https?:\/\/[^\s]+$/i.test(url) ? url : undefined;
}

function list(value: unknown, max: number): Record<string, unknown>[] {
  const items: unknown[] = Array.isArray(value) ? value : [];
  return items
    .flatMap((v): Record<string, unknown>[] => {
      const r = record(v);
      return r ? [r] : [];
    })
    .slice(0, max);
}

function rich(output: CognigyDefaultOutput): CognigyRichData {
  return { _cognigy: { _default: output } };
}

/** Buttons of a template or card: reply → a postback carrying the pick, url → a link. */
function buttonsOf(items: unknown, replyTo: string): CognigyButton[] {
  return list(items, L.cardButtons).flatMap((item, id): CognigyButton[] => {
    const title = str(item.title, L.itemTitle);
    if (!title) return [];
    if (item.type === "url") {
      const url = httpUrl(item.url);
      return url ? [{ id, type: "web_url", title, url }] : [];
    }
    if (item.type !== "reply") return [];
    const payload = str(item.payload, L.payload);
    return [{ id, type: "postback", title, payload: encodePick({ title, payload, replyTo }) }];
  });
}

function cardOf(card: Record<string, unknown>, id: number, replyTo: string): CognigyGalleryItem | undefined {
  const title = str(card.title, L.cardTitle);
  if (!title) return undefined;
  const subtitle = str(card.subtitle, L.subtitle);
  const imageUrl = httpUrl(card.attachment_url);
  const url = httpUrl(card.url);
  return {
    id,
    title,
    ...(subtitle ? { subtitle } : {}),
    ...(imageUrl ? { imageUrl } : {}),
    ...(url ? { url } : {}),
    buttons: buttonsOf(card.items, replyTo),
  };
}

function cardText(card: CognigyGalleryItem): string {
  const links = [card.url, ...card.buttons.map((b) => b.url)].filter((u): u is string => !!u);
  const choices = card.buttons.filter((b) => b.type === "postback").map((b) => b.title);
  return [
    card.title,
    card.subtitle,
    ...links.filter((u, i) => links.indexOf(u) === i),
    choices.length ? `Reply: ${choices.join(" | ")}` : undefined,
  ]
    .filter(Boolean)
    .join("\n");
}

/** The message's text output, rich when it carries structured content of a documented form. */
function textOutput(text: string, structured: unknown, replyTo: string): AgentOutput {
  const content = record(structured);
  if (content?.type === "select") {
    const quickReplies = list(content.items, L.selectItems).flatMap((item, id) => {
      const title = str(item.title, L.itemTitle);
      if (!title) return [];
      const payload = str(item.payload, L.payload);
      return [
        { id, contentType: "postback" as const, title, payload: encodePick({ title, payload, replyTo }) },
      ];
    });
    if (quickReplies.length) {
      const fallbackText = [text, ...quickReplies.map((q, i) => `${i + 1}. ${q.title}`)]
        .filter(Boolean)
        .join("\n");
      return {
        text,
        rich: rich({ _quickReplies: { type: "quick_replies", text, quickReplies, fallbackText } }),
      };
    }
  }
  if (content?.type === "template") {
    const card = cardOf(content, 0, replyTo);
    if (card) {
      const shown = [text, card.title, card.subtitle].filter(Boolean).join("\n");
      if (!card.imageUrl && card.buttons.length)
        return {
          text: shown,
          rich: rich({
            _buttons: { type: "buttons", text: shown, buttons: card.buttons, fallbackText: cardText(card) },
          }),
        };
      return {
        text,
        rich: rich({ _gallery: { type: "carousel", items: [card], fallbackText: cardText(card) } }),
      };
    }
  }
  if (content?.type === "carousel" || content?.type === "rich_link") {
    const cards =
      content.type === "carousel"
        ? list(content.items, L.carouselItems).flatMap((c, i) => cardOf(c, i, replyTo) ?? [])
        : [cardOf(content, 0, replyTo)].flatMap((c) => {
            const url = httpUrl(content.url);
            if (!c || !url) return [];
            const label = str(content.url_text, L.itemTitle) ?? new URL(url).hostname;
            return [{ ...c, buttons: [{ id: 0, type: "web_url" as const, title: label, url }] }];
          });
    if (cards.length) {
      const fallbackText = [text, ...cards.map(cardText)].filter(Boolean).join("\n\n");
      return { text, rich: rich({ _gallery: { type: "carousel", items: cards, fallbackText } }) };
    }
  }
  return { text };
}

const IMAGE = /\.(png|jpe?g|gif|webp|bmp|svg)(\?|$)/i;
const AUDIO = /\.(aac|mp3|ogg|m4a|wav|oga)(\?|$)/i;
const VIDEO = /\.(avi|flv|m4v|mkv|mov|mp4|mpg|mpeg|qt|webm|wmv)(\?|$)/i;

/** One attachment as the matching Cognigy output; a file that is no medium is a link button. */
function attachmentOutput(a: { url: string; type?: string; filename?: string }): AgentOutput | undefined {
  const url = httpUrl(a.url);
  if (!url) return undefined;
  const name = str(a.filename, 255) ?? decodeURIComponent(new URL(url).pathname.split("/").pop() || "file");
  const fallbackText = `${name}: ${url}`;
  const type = (a.type ?? "").toLowerCase();
  // RCE names the kind ("image", "audio", "video"; objects.md), some tenants a MIME type; else the name.
  const named = (kind: string, pattern: RegExp) =>
    type === kind || type.startsWith(`${kind}/`) || (!type && pattern.test(url));
  const kind = named("image", IMAGE)
    ? "image"
    : named("audio", AUDIO)
      ? "audio"
      : named("video", VIDEO)
        ? "video"
        : "file";
  switch (kind) {
    case "image":
      return {
        text: "",
        rich: rich({ _image: { type: "image", imageUrl: url, imageAltText: name, fallbackText } }),
      };
    case "audio":
      return {
        text: "",
        rich: rich({ _audio: { type: "audio", audioUrl: url, audioAltText: name, fallbackText } }),
      };
    case "video":
      return {
        text: "",
        rich: rich({ _video: { type: "video", videoUrl: url, videoAltText: name, fallbackText } }),
      };
    default:
      return {
        text: "",
        rich: rich({
          _buttons: {
            type: "buttons",
            text: name,
            buttons: [{ id: 0, type: "web_url", title: `Open ${name}`, url }],
            fallbackText,
          },
        }),
      };
  }
}

/** Every output of one agent message, in order: the text (with its choices), then the attachments. */
export function agentOutputs(params: SdkAgentMessageParams, text: string, replyTo: string): AgentOutput[] {
  const first = textOutput(text, params.structured_content, replyTo);
  const files = (params.attachments ?? []).flatMap((a) => attachmentOutput(a) ?? []);
  return [...(first.text || first.rich ? [first] : []), ...files];
}
