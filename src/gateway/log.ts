/** One JSON line per event on stdout/stderr, secrets removed (the same redactor as the client). */
import type { Redactor } from "../engage/redact";

export type GatewayLogLevel = "debug" | "info" | "warn" | "error";
export type GatewayLogger = (level: GatewayLogLevel, event: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(
  redact: Redactor,
  minLevel: GatewayLogLevel = "info",
  write: (line: string) => void = (line) => process.stdout.write(line),
): GatewayLogger {
  const order: GatewayLogLevel[] = ["debug", "info", "warn", "error"];
  const min = order.indexOf(minLevel);
  return (level, event, fields = {}) => {
    if (order.indexOf(level) < min) return;
    write(`${redact(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }))}\n`);
  };
}

export const silentLogger: GatewayLogger = () => undefined;
