/**
 * A bot's rich output as RCE structured content (structured-messages.md), sent by the puppetizable
 * Bot identity so the agent sees what the user was offered: quick replies and postback buttons as a
 * select, a gallery as a carousel. Within RCE's limits (13 choices, 80-character titles, 10 cards,
 * 4 buttons, 1,000-character payloads); what has no such form stays readable text.
 */

import { choicesOf } from "../../conversation/cognigyOutputs";
import {
  STRUCTURED_LIMITS as L,
  type SdkStructuredButton,
  type SdkStructuredContent,
} from "../../engage/types";

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim().slice(0, max) : undefined;
}

function httpUrl(value: unknown): string | undefined {
  const url = text(value, L.url);
  return url && /^https?:\/\/\S+$/i.test(url) ? url : undefined;
}

export function structuredContentOf(data: unknown): SdkStructuredContent | undefined {
  const def = record(record(record(data)?._cognigy)?._default);
  if (!def) return undefined;
  const choices = choicesOf(data);
  if (choices.length) {
    return {
      type: "select",
      items: choices.slice(0, L.selectItems).map((c) => ({
        title: c.title.slice(0, L.itemTitle),
        ...(c.payload !== c.title ? { payload: c.payload.slice(0, L.payload) } : {}),
      })),
    };
  }
  const items = record(def._gallery)?.items;
  if (!Array.isArray(items)) return undefined;
  const cards = items.slice(0, L.carouselItems).flatMap((raw) => {
    const card = record(raw);
    const title = text(card?.title, L.cardTitle);
    if (!card || !title) return [];
    const buttons = (Array.isArray(card.buttons) ? card.buttons : [])
      .slice(0, L.cardButtons)
      .flatMap((b): SdkStructuredButton[] => {
        const button = record(b);
        const label = text(button?.title, L.itemTitle);
        if (!button || !label) return [];
        const url = httpUrl(button.url);
        if (url) return [{ type: "url", title: label, url }];
        const payload = text(button.payload, L.payload);
        return [{ type: "reply", title: label, ...(payload ? { payload } : {}) }];
      });
    const subtitle = text(card.subtitle, L.subtitle);
    const image = httpUrl(card.imageUrl);
    const url = httpUrl(card.url);
    return [
      {
        title,
        ...(subtitle ? { subtitle } : {}),
        ...(image ? { attachment_url: image } : {}),
        ...(url ? { url } : {}),
        ...(buttons.length ? { items: buttons } : {}),
      },
    ];
  });
  return cards.length ? { type: "carousel", items: cards } : undefined;
}
