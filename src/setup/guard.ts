/** Turns a failed RCE call into a `failed` item whose message says what to fix; never throws. */
import { type EngageError, isEngageError, toEngageError } from "../engage/errors";
import type { SetupItem } from "./types";

export function errorOf(thrown: unknown, what: string): EngageError {
  return isEngageError(thrown) ? thrown : toEngageError(thrown, what);
}

export function failed(step: number, what: string, thrown: unknown, fix: string): SetupItem {
  const error = errorOf(thrown, what);
  return { step, what, status: "failed", detail: error.message, fix };
}

/** A create that broke after it may have reached RCE (reset, timeout, 5xx): look again before trying twice. */
export function ambiguous(thrown: unknown): boolean {
  return isEngageError(thrown) && (thrown.kind === "unavailable" || thrown.kind === "timeout");
}

export function statusOf(thrown: unknown): number | undefined {
  return isEngageError(thrown) ? thrown.details.status : undefined;
}
