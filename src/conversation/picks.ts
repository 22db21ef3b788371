/**
 * A choice of an agent's structured message, as the quick reply's payload the user sends back:
 *
 *   rce-pick:<base64url(JSON {t: title, p?: RCE payload, r: our id of the agent's message})>
 *
 * The gateway writes it (it knows the agent's message); Route to RCE reads it from the user's input
 * and relays the pick as RCE's documented structured_reply. It carries all it needs, so nothing is
 * stored between the gateway and the Flow. The input is the user's: every field is checked again.
 */

export const PICK_PREFIX = "rce-pick:";

export interface Pick {
  /** The choice's title, the body of the user's reply. */
  title: string;
  /** RCE's payload of the choice; absent when the agent gave none (then no structured_reply). */
  payload?: string;
  /** Our id of the agent's message the choice belongs to (in_reply_to_id). */
  replyTo: string;
}

/** Limits from structured-messages.md (title 80 characters in a select, payload 1000). */
const MAX_TITLE = 350;
const MAX_PAYLOAD = 1000;
const MAX_ID = 512;

export function encodePick(pick: Pick): string {
  const json = JSON.stringify({
    t: pick.title,
    ...(pick.payload ? { p: pick.payload } : {}),
    r: pick.replyTo,
  });
  return `${PICK_PREFIX}${Buffer.from(json, "utf8").toString("base64url")}`;
}

/** The pick a user's text carries, or undefined when it is none (or not well formed). */
export function decodePick(text: string): Pick | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PICK_PREFIX)) return undefined;
  const encoded = trimmed.slice(PICK_PREFIX.length);
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(encoded)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const { t, p, r } = value as Record<string, unknown>;
  if (typeof t !== "string" || !t.trim() || t.length > MAX_TITLE) return undefined;
  if (typeof r !== "string" || !r || r.length > MAX_ID) return undefined;
  if (p !== undefined && (typeof p !== "string" || p.length > MAX_PAYLOAD)) return undefined;
  return { title: t.trim(), ...(p ? { payload: p } : {}), replyTo: r };
}
