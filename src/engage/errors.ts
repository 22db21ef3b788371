/**
 * The small error taxonomy every Engage call ends in. A message always says what failed and what the
 * bot builder or admin should change; it never carries a token, secret or signature.
 */

export type EngageErrorKind =
  | "config"
  | "auth"
  | "permission"
  | "not_found"
  | "conflict"
  | "validation"
  | "rate_limited"
  | "unavailable"
  | "timeout"
  | "bad_response";

export interface EngageErrorDetails {
  /** What we were doing, in words ("update the thread's categories"). */
  operation?: string;
  /** HTTP status RCE answered with, if any. */
  status?: number;
  /** RCE's error identifier from the error body ("rate_limit_exceeded"). */
  rceError?: string;
  /** How many HTTP attempts were made. */
  attempts?: number;
  /** Seconds RCE asked us to wait (429). */
  retryAfterSeconds?: number;
  /** Connection settings fields at fault (config errors). */
  fields?: string[];
}

/** Safe, serialisable view of an error, for results and answers. */
export interface EngageErrorInfo extends EngageErrorDetails {
  kind: EngageErrorKind;
  message: string;
}

export class EngageError extends Error {
  readonly kind: EngageErrorKind;
  readonly details: EngageErrorDetails;

  constructor(kind: EngageErrorKind, message: string, details: EngageErrorDetails = {}) {
    super(message);
    this.name = "EngageError";
    this.kind = kind;
    this.details = details;
  }

  toJSON(): EngageErrorInfo {
    return { kind: this.kind, message: this.message, ...this.details };
  }
}

export function isEngageError(value: unknown): value is EngageError {
  return value instanceof EngageError;
}

/**
 * Turns anything thrown into an EngageError without carrying over foreign error objects (an axios
 * error holds the request config, Authorization header included).
 */
export function toEngageError(value: unknown, operation?: string): EngageError {
  if (value instanceof EngageError) return value;
  const reason = value instanceof Error ? value.name : typeof value;
  return new EngageError(
    "unavailable",
    `Unexpected failure while trying to ${operation ?? "reach RCE"} (${reason}).`,
    {
      operation,
    },
  );
}
