/**
 * Cognigy's channel-neutral rich outputs (`data._cognigy._default`, the "AI (default channel)" form a
 * Say node produces and Endpoints convert to their own format): written by the gateway for an agent's
 * files and choices, read by the nodes to show the agent what the bot offered. One kind per output.
 * The shapes of quick replies, image, audio and video are Cognigy's documented ones; buttons and
 * gallery field names are UNCONFIRMED (README "Rich content, attachments and notes").
 */

export interface CognigyQuickReply {
  id: number;
  contentType: "postback";
  title: string;
  payload: string;
}

export interface CognigyButton {
  id: number;
  type: "postback" | "web_url";
  title: string;
  payload?: string;
  url?: string;
}

export interface CognigyGalleryItem {
  id: number;
  title: string;
  subtitle?: string;
  imageUrl?: string;
  url?: string;
  buttons: CognigyButton[];
}

/** One `_default` output; `fallbackText` is what an Endpoint that cannot show it shows instead. */
export type CognigyDefaultOutput =
  | {
      _quickReplies: {
        type: "quick_replies";
        text: string;
        quickReplies: CognigyQuickReply[];
        fallbackText: string;
      };
    }
  | { _buttons: { type: "buttons"; text: string; buttons: CognigyButton[]; fallbackText: string } }
  | { _gallery: { type: "carousel"; items: CognigyGalleryItem[]; fallbackText: string } }
  | { _image: { type: "image"; imageUrl: string; imageAltText: string; fallbackText: string } }
  | { _audio: { type: "audio"; audioUrl: string; audioAltText: string; fallbackText: string } }
  | { _video: { type: "video"; videoUrl: string; videoAltText: string; fallbackText: string } };

export interface CognigyRichData {
  _cognigy: { _default: CognigyDefaultOutput };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function titles(list: unknown): string[] {
  return (Array.isArray(list) ? list : []).flatMap((item) => {
    const title = str(record(item)?.title);
    return title ? [title] : [];
  });
}

/** A choice the bot offered: what the user sees and what the Flow receives when it is picked. */
export interface OfferedChoice {
  title: string;
  payload: string;
}

/** What a bot output offered, read from its `_cognigy._default` (quick replies and buttons). */
export function choicesOf(data: unknown): OfferedChoice[] {
  const def = record(record(record(data)?._cognigy)?._default);
  const quick = record(def?._quickReplies)?.quickReplies;
  const buttons = record(def?._buttons)?.buttons;
  const list = Array.isArray(quick) ? quick : Array.isArray(buttons) ? buttons : [];
  return list.flatMap((item) => {
    const r = record(item);
    const title = str(r?.title);
    if (!title || (r?.type !== undefined && r.type !== "postback")) return [];
    return [{ title, payload: str(r?.payload) ?? title }];
  });
}

/**
 * A bot output as text the agent can read: its own text, then what it offered ("Offered: Track order |
 * Talk to a person"), the gallery's cards with their links, or the media's URL.
 */
export function readableOutput(text: string, data: unknown): string {
  const def = record(record(record(data)?._cognigy)?._default);
  const lines = text.trim() ? [text.trim()] : [];
  if (!def) return lines.join("\n");
  const quick = record(def._quickReplies);
  const buttons = record(def._buttons);
  const gallery = record(def._gallery);
  const list = record(def._list);
  if (quick) {
    if (!lines.length && str(quick.text)) lines.push(str(quick.text) as string);
    const offered = titles(quick.quickReplies);
    if (offered.length) lines.push(`Offered: ${offered.join(" | ")}`);
  }
  if (buttons) {
    if (!lines.length && str(buttons.text)) lines.push(str(buttons.text) as string);
    const offered = (Array.isArray(buttons.buttons) ? buttons.buttons : []).flatMap((b) => {
      const r = record(b);
      const title = str(r?.title);
      const url = str(r?.url);
      return title ? [url ? `${title} (${url})` : title] : [];
    });
    if (offered.length) lines.push(`Offered: ${offered.join(" | ")}`);
  }
  for (const cards of [gallery?.items, list?.items]) {
    for (const card of Array.isArray(cards) ? cards : []) {
      const r = record(card);
      const title = str(r?.title);
      if (!title) continue;
      const links = [
        str(r?.url),
        ...(Array.isArray(r?.buttons) ? r.buttons : []).map((b) => str(record(b)?.url)),
      ]
        .filter((u): u is string => !!u)
        .filter((u, i, all) => all.indexOf(u) === i);
      const subtitle = str(r?.subtitle);
      lines.push(
        `Card: ${title}${subtitle ? ` (${subtitle})` : ""}${links.length ? ` ${links.join(" ")}` : ""}`,
      );
    }
  }
  for (const [key, field] of [
    ["_image", "imageUrl"],
    ["_audio", "audioUrl"],
    ["_video", "videoUrl"],
  ] as const) {
    const url = str(record(def[key])?.[field]);
    if (url) lines.push(`${key.slice(1)}: ${url}`);
  }
  return lines.join("\n");
}
