/**
 * What one client, one connection and all of them together may hold at the gateway's edge. Every
 * figure bounds memory or time an attacker could take; the defaults leave genuine RCE traffic (small
 * signed JSON bodies, a few addresses, keep-alive) far inside them.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface GatewayLimits {
  /** One request's body. */
  maxBodyBytes: number;
  /** Bytes of bodies received and not yet answered, all clients together; past it 503 + Retry-After. */
  maxBodyBytesInFlight: number;
  /** The share of that budget one client address may hold (a webhook with the right secret is exempt). */
  clientBudgetShare: number;
  /** Open connections. At the cap the longest-idle one makes room; with none idle the newcomer gets 503. */
  maxConnections: number;
  /** A connection that has sent no byte by then is closed. */
  firstByteTimeoutMs: number;
  headersTimeoutMs: number;
  /** Receiving one whole request, body included (a backstop behind the body deadline). */
  requestTimeoutMs: number;
  /** A body must arrive within bodyGraceMs + its size at minBodyBytesPerSecond, else 408. */
  bodyGraceMs: number;
  minBodyBytesPerSecond: number;
  /** Idle keep-alive connection. */
  keepAliveTimeoutMs: number;
  /** Requests of one connection parsed and not yet answered; past it the connection is paused. */
  maxPipelined: number;
  /** Requests one connection may make; its last answer says Connection: close (the client reconnects). */
  maxRequestsPerConnection: number;
  /** A paused connection whose answers do not move (the client does not read) is cut after this. */
  stallMs: number;
  /** After an early refusal, how long the rest of an unread body is read and dropped before closing. */
  lingerMs: number;
  /**
   * Addresses of the operator's reverse proxies: for their connections the client is the address in
   * X-Forwarded-For (the last one not itself a proxy). Empty: the socket's address, whatever is sent.
   */
  trustedProxies: readonly string[];
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxBodyBytes: MAX_BODY_BYTES,
  maxBodyBytesInFlight: 32 * 1024 * 1024,
  clientBudgetShare: 0.25,
  maxConnections: 2000,
  firstByteTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyGraceMs: 1_000,
  minBodyBytesPerSecond: 1024 * 1024,
  keepAliveTimeoutMs: 5_000,
  maxPipelined: 2,
  maxRequestsPerConnection: 1000,
  stallMs: 10_000,
  lingerMs: 2_000,
  trustedProxies: [],
};

/** The answer to a body over the limit, wherever it is found too large (declared, or while read). */
export function tooLarge(limits: GatewayLimits): { status: 413; reason: string } {
  return { status: 413, reason: `Body larger than ${limits.maxBodyBytes} bytes.` };
}

/** How long a body of `declared` bytes (undefined: chunked, up to the limit) may take to arrive. */
export function bodyDeadlineMs(limits: GatewayLimits, declared: number | undefined): number {
  const bytes = declared ?? limits.maxBodyBytes;
  return limits.bodyGraceMs + Math.ceil((bytes / limits.minBodyBytesPerSecond) * 1000);
}
