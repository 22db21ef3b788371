/**
 * JSON lines through pino: one per request and one per notable event, with levels. Every line
 * passes the same redactor as the client's errors, so a token or secret that slipped into a field
 * is still never written.
 *
 * The log never holds the event loop: lines go to stdout asynchronously, in batches (8 KB or every
 * 200 ms), from a bounded buffer; when
 * the reader of stdout stalls and the buffer is full, lines are dropped and counted (never waited
 * for). Lines about requests nobody authenticated go through a rate limit, so a flood of junk costs
 * a bounded number of lines; what the limit drops is counted and summed up in the next line let through.
 */
import pino from "pino";
import type { Redactor } from "../engage/redact";

export type GatewayLogLevel = "debug" | "info" | "warn" | "error";
export const LOG_LEVELS: readonly (GatewayLogLevel | "silent")[] = [
  "debug",
  "info",
  "warn",
  "error",
  "silent",
];
export type GatewayLogger = (level: GatewayLogLevel, event: string, fields?: Record<string, unknown>) => void;

/** Lines not written, by why: the output buffer was full, or the rate limit for unauthenticated requests. */
export interface LogDrops {
  backlog: number;
  rate: number;
}

export interface JsonLogger extends GatewayLogger {
  readonly drops: LogDrops;
  /** Waits (at most timeoutMs) until the buffered lines are written: before the process exits. */
  flush(timeoutMs: number): Promise<void>;
}

/** Bytes of lines waiting for stdout; past it lines are dropped (a stalled reader costs at most this). */
export const LOG_BUFFER_BYTES = 4 * 1024 * 1024;
/**
 * Lines are written together once this many bytes wait, or every LOG_FLUSH_MS: one write per line
 * cost a thread-pool round trip each (about 5 µs of CPU per request under load).
 */
export const LOG_BATCH_BYTES = 8 * 1024;
export const LOG_FLUSH_MS = 200;

export function jsonLogger(
  redact: Redactor,
  minLevel: GatewayLogLevel | "silent" = "info",
  /** Where lines go; by default stdout, asynchronously, through pino's own destination (sonic-boom). */
  write?: (line: string) => void,
): JsonLogger {
  const drops: LogDrops = { backlog: 0, rate: 0 };
  const destination = write
    ? undefined
    : pino.destination({
        dest: 1,
        sync: false,
        minLength: LOG_BATCH_BYTES,
        periodicFlush: LOG_FLUSH_MS,
        maxLength: LOG_BUFFER_BYTES,
      });
  destination?.on("drop", () => {
    drops.backlog++;
  });
  // A closed stdout (EPIPE) must not take the gateway down; the lines are lost either way.
  destination?.on("error", () => {
    drops.backlog++;
  });
  const logger = pino(
    {
      level: minLevel,
      base: undefined,
      messageKey: "event",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redact },
    },
    write ? { write } : destination,
  );
  const log = ((level, event, fields = {}) => logger[level](fields, event)) as JsonLogger;
  Object.assign(log, {
    drops,
    flush: (timeoutMs: number) =>
      new Promise<void>((resolve) => {
        const sonic = destination as unknown as { _len: number; _writing: boolean } | undefined;
        // Starts writing what waits for a batch; then waits for the writes to finish.
        destination?.flush();
        const deadline = Date.now() + timeoutMs;
        const check = () => {
          if (!sonic || (sonic._len === 0 && !sonic._writing) || Date.now() >= deadline) resolve();
          else setTimeout(check, 10);
        };
        check();
      }),
  });
  return log;
}

export function isJsonLogger(log: GatewayLogger): log is JsonLogger {
  return "drops" in log && "flush" in log;
}

export const silentLogger: GatewayLogger = () => undefined;

export interface RateLimit {
  /** Lines let through in a burst. */
  burst: number;
  perSecond: number;
}

export const REFUSAL_LOG_RATE: RateLimit = { burst: 50, perSecond: 20 };

/**
 * A logger for lines an attacker can cause at will: at most `burst` at once and `perSecond` after;
 * the next line let through after a drop says how many were dropped.
 */
export function rateLimited(
  log: GatewayLogger,
  limit: RateLimit,
  onDrop: () => void,
  now: () => number = Date.now,
): GatewayLogger {
  let tokens = limit.burst;
  let refilled = now();
  let suppressed = 0;
  return (level, event, fields) => {
    const at = now();
    tokens = Math.min(limit.burst, tokens + ((at - refilled) / 1000) * limit.perSecond);
    refilled = at;
    if (tokens < 1) {
      suppressed++;
      onDrop();
      return;
    }
    tokens--;
    if (suppressed > 0) {
      log("warn", "log_lines_suppressed", {
        count: suppressed,
        why: "rate limit for unauthenticated requests",
      });
      suppressed = 0;
    }
    log(level, event, fields);
  };
}
