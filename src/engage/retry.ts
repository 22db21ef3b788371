/** When a failed RCE call may be tried again, and how long to wait first. */

export interface RetryPolicy {
  /** Attempts in all, first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** First delay after a 429 that carried no Retry-After. */
  rateLimitDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 2000,
  rateLimitDelayMs: 1000,
};

/** Retry-After as delta-seconds or an HTTP date; returns milliseconds, or undefined if absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** What happened on one attempt, reduced to what the retry decision needs. */
export type AttemptOutcome =
  | { type: "status"; status: number }
  /** The connection was never made: the request cannot have reached RCE. */
  | { type: "connect_failed" }
  /** The connection broke or timed out after the request may have been sent. */
  | { type: "reset" }
  | { type: "timeout" }
  /** TLS failed: repeating cannot help. */
  | { type: "tls" };

export interface RetrySafety {
  /** Repeating the request cannot change the outcome (reads, full replacements, upserts by id). */
  idempotent: boolean;
  /** A 409 means "another update of the same object is running" and the call may be repeated. */
  retryOnConflict?: boolean;
}

export function isRetryable(outcome: AttemptOutcome, safety: RetrySafety): boolean {
  switch (outcome.type) {
    case "connect_failed":
      return true;
    case "tls":
      return false;
    case "reset":
    case "timeout":
      return safety.idempotent;
    case "status":
      if (outcome.status === 429) return true; // rejected before any processing
      if (outcome.status === 409) return safety.retryOnConflict === true;
      if (outcome.status === 502 || outcome.status === 503 || outcome.status === 504)
        return safety.idempotent;
      return false;
  }
}
