/**
 * Cognigy.AI execution limits for extension nodes (defaults of a standard installation):
 * - 10 `api.*` calls per execution (Helm `MODULE_MAX_EVENT_EMISSIONS: "10"`),
 * - 62 KB per object passed to an api call (docs.cognigy.com, Extensions),
 * - 20 s per execution (Helm `MAX_MODULE_EXECUTION_TIME_IN_SECONDS: "20"`).
 * See ../shared/reference/cognigy-extensions.md §3.1 (beside the repository).
 */
import type { HarnessLimits } from "./types";

export const MAX_API_CALLS = 10;
export const MAX_ARG_BYTES = 62 * 1024; // 63,488
export const EXECUTION_TIMEOUT_MS = 20_000;

export const DEFAULT_LIMITS: Readonly<HarnessLimits> = Object.freeze({
  maxApiCalls: MAX_API_CALLS,
  maxArgBytes: MAX_ARG_BYTES,
  timeoutMs: EXECUTION_TIMEOUT_MS,
  countLog: true,
});

export function resolveLimits(overrides: Partial<HarnessLimits> | undefined): HarnessLimits {
  const limits: HarnessLimits = { ...DEFAULT_LIMITS };
  if (overrides) {
    for (const key of Object.keys(overrides) as (keyof HarnessLimits)[]) {
      const value = overrides[key];
      if (value !== undefined) {
        Object.assign(limits, { [key]: value });
      }
    }
  }
  for (const key of ["maxApiCalls", "maxArgBytes", "timeoutMs"] as const) {
    const value = limits[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new TypeError(`harness: limits.${key} must be a non-negative number, got ${String(value)}`);
    }
  }
  return limits;
}

export type JsonSize = { ok: true; bytes: number } | { ok: false; reason: string };

/**
 * Size of a value once serialised to JSON (UTF-8 bytes), i.e. what crosses Cognigy's event bus.
 * `undefined` (or a bare function) serialises to nothing and has size 0.
 */
export function jsonByteLength(value: unknown): JsonSize {
  try {
    const json = JSON.stringify(value);
    return { ok: true, bytes: json === undefined ? 0 : Buffer.byteLength(json, "utf8") };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Formats a byte count like "71,680 bytes (70.0 KB)". */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} bytes (${(bytes / 1024).toFixed(1)} KB)`;
}
