/**
 * One account of every answer, wherever it was given (the edge or a route): counted in /metrics and
 * /health, and one log line. Lines for requests nobody authenticated pass a rate limit (an attacker
 * must not be able to write the log at the speed of the network); their counts are always kept.
 */
import { type GatewayLogger, type GatewayLogLevel, REFUSAL_LOG_RATE, rateLimited } from "./log";
import type { GatewayMetrics, RequestKind } from "./metrics";
import type { GatewayStats } from "./stats";

export interface Answered {
  kind: RequestKind;
  authenticated: boolean;
  status: number;
  seconds: number;
  method: string;
  path: string;
  reqId?: string;
  reason?: string;
}

export type RequestAccount = (answered: Answered) => void;

function levelOf(status: number): GatewayLogLevel {
  return status >= 500 && status !== 503 ? "error" : status >= 400 ? "warn" : "info";
}

export function requestAccount(
  log: GatewayLogger,
  metrics: GatewayMetrics,
  stats: GatewayStats,
): RequestAccount {
  const limited = rateLimited(log, REFUSAL_LOG_RATE, () => metrics.logLineRateLimited());
  return (answered) => {
    metrics.request(answered.kind, answered.status, answered.seconds);
    if (answered.status >= 400) stats.rejected++;
    const write = answered.authenticated ? log : limited;
    // Fields absent rather than empty; pino leaves out those that are undefined.
    write(levelOf(answered.status), "request", {
      reqId: answered.reqId || undefined,
      method: answered.method,
      // Bounded here, for every answer: a request line may carry up to 16 KB of path.
      path: answered.path.slice(0, 200),
      kind: answered.kind,
      status: answered.status,
      ms: Math.round(answered.seconds * 10_000) / 10,
      reason: answered.reason || undefined,
    });
  };
}
