/**
 * JSON lines through pino: one per request and one per notable event, with levels. Every line
 * passes the same redactor as the client's errors, so a token or secret that slipped into a field
 * is still never written.
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

export function jsonLogger(
  redact: Redactor,
  minLevel: GatewayLogLevel | "silent" = "info",
  /** Where lines go; by default stdout through pino's own synchronous destination (sonic-boom). */
  write?: (line: string) => void,
): GatewayLogger {
  const logger = pino(
    {
      level: minLevel,
      base: undefined,
      messageKey: "event",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redact },
    },
    write ? { write } : pino.destination({ dest: 1, sync: true }),
  );
  return (level, event, fields = {}) => logger[level](fields, event);
}

export const silentLogger: GatewayLogger = () => undefined;
