/**
 * The replay window: a request is handled only while the gateway could still recognise it as
 * handled. RCE dates every Source SDK request (`time`, "the time when we made the request",
 * request-response.md) and every webhook event (`issued_at`, the time the event happened; RCE retries
 * an event "during the first 24 hours", 5 tries over about 3 h 13 min, receive.md). A request dated
 * older than the dedupe memory reaches back (its TTL, or what the memory store lost to a restart or
 * to its size bound) could have been delivered already and forgotten: it is refused, never delivered
 * a second time. A date in the future past the clock allowance is refused too (else it would stay
 * "recent" for ever).
 */

/**
 * How far RCE's clock and the gateway's may differ, with RCE's time from dating a request to sending
 * it: both run NTP (README). Larger, a replay just before a restart would pass; smaller, a genuine
 * request from a slightly-off clock would be refused.
 */
export const CLOCK_SKEW_MS = 10_000;

/** What the window is measured against: the memory that recognises a handled request. */
export interface RememberedSpan {
  /** How long a handled request is remembered after it was handled. */
  readonly rememberMs: number;
  /**
   * Requests dated (their own `time`, RCE's clock) at or before this instant may have been forgotten
   * although handled: the memory store's start, or the newest date it dropped when full.
   * -Infinity when nothing but the age limits it (Redis).
   */
  remembersSince(): number;
}

/** RFC 3339 / ISO 8601 date-time with a zone, as RCE writes it ("2012-10-01T17:18:40Z"). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant a request is dated, or undefined when `value` is not a date-time with a zone. */
export function requestDate(value: unknown): number | undefined {
  if (typeof value !== "string" || !DATE_TIME.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

/** The oldest age a request may have: remembered for `rememberMs`, our clock maybe behind RCE's. */
export function replayWindowMs(rememberMs: number): number {
  return rememberMs - CLOCK_SKEW_MS;
}

export type DateCheck = { ok: true; at: number } | { ok: false; reason: string };

/**
 * Whether a request dated `value` may be handled. `span.remembersSince` is applied only where a retry
 * never carries an old date (Source SDK: every try is a new request with its own time); webhook
 * redeliveries keep the event's `issued_at`, so for them only the age counts.
 */
export function checkRequestDate(
  value: unknown,
  span: RememberedSpan,
  what: { field: string; sinceToo: boolean },
  now = Date.now(),
): DateCheck {
  const refuse = (reason: string): DateCheck => ({ ok: false, reason });
  const at = requestDate(value);
  if (at === undefined)
    return refuse(
      value === undefined
        ? `no ${what.field} (RCE dates every request)`
        : `${what.field} is not an ISO 8601 date-time with a zone`,
    );
  if (at > now + CLOCK_SKEW_MS) return refuse(`${what.field} ${String(value)} is in the future`);
  const window = replayWindowMs(span.rememberMs);
  if (now - at > window)
    return refuse(
      `${what.field} ${String(value)} is older than the gateway remembers (${Math.round(window / 1000)} s); it may have been handled already`,
    );
  if (what.sinceToo && at <= span.remembersSince())
    return refuse(
      `${what.field} ${String(value)} is before what this gateway still remembers (restarted, or its memory was full); it may have been handled already`,
    );
  return { ok: true, at };
}
