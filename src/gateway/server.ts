/**
 * The gateway's HTTP service (fastify): one path for the Source SDK and webhooks (the path the
 * setup tells admins to configure, /handover/rce) plus GET /health, /ready and /metrics.
 *
 * Built for the public internet: nothing reads a body before the request could be authentic (a
 * signature or secret header is present and the declared size fits), the bytes of all bodies in
 * flight share one budget, slow clients meet header, body and idle timeouts, and connections past
 * the cap get a 503. Every request gets an HTTP answer with a reason; raw bytes are kept for the
 * signature check.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { createEngageClient } from "../engage/client";
import { createHandoverIdentities } from "../engage/identities";
import { redactorFor, weakSecretWarning } from "../engage/settings";
import { SIGNATURE_HEADER, WEBHOOK_SECRET_HEADER } from "../engage/signature";
import { type Answer, json, text } from "./answers";
import { CognigyEndpoint, DEFAULT_DELIVERY, type DeliveryPolicy, deliveryBudgetMs } from "./cognigyEndpoint";
import { type GatewayConfig, gatewaySecrets } from "./config";
import { IdentityKeeper } from "./identityKeeper";
import { type GatewayLogger, jsonLogger } from "./log";
import { createMetrics, type GatewayMetrics, type RequestKind } from "./metrics";
import { RedisStore } from "./redisStore";
import { handleSourceSdk, type SdkDeps } from "./sourceSdk";
import { type GatewayStats, newStats } from "./stats";
import { type GatewayStore, memoryStore } from "./store";
import { ThreadResolver } from "./threadResolver";
import { handleDelivery, handleVerification, type WebhookDeps } from "./webhooks";

/** Agent replies with attachments come as URLs; nothing RCE sends us is near this. */
declare module "fastify" {
  interface FastifyRequest {
    /** What the request is, for its log line and metrics (set by the route's onRequest hook). */
    kind: RequestKind;
    /** The reason sent with a refusal (4xx/5xx), for the log line. */
    refusal: string;
  }
}

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
const DEDUPE_ENTRIES = 50_000;
const IDENTITY_BUDGET_MS = 10_000;

export interface GatewayLimits {
  /** One request's body. */
  maxBodyBytes: number;
  /** All bodies being received at once; past it a request is answered 503 before its body is read. */
  maxBodyBytesInFlight: number;
  /** Open connections; the requests of connections past it are answered 503 and the connection closed. */
  maxConnections: number;
  headersTimeoutMs: number;
  /** Receiving one whole request, body included. */
  requestTimeoutMs: number;
  /** Idle keep-alive connection. */
  keepAliveTimeoutMs: number;
  /** After an early refusal, how long the rest of an unread body is read and dropped before closing. */
  lingerMs: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxBodyBytes: MAX_BODY_BYTES,
  maxBodyBytesInFlight: 32 * 1024 * 1024,
  maxConnections: 2000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  lingerMs: 2_000,
};

export interface GatewayOptions {
  log?: GatewayLogger;
  delivery?: DeliveryPolicy;
  dedupeEntries?: number;
  /** With Redis (config.redisUrl): how long to wait for another instance's claim (default 5 s). */
  claimWaitMs?: number;
  identities?: IdentityKeeper;
  limits?: Partial<GatewayLimits>;
}

export interface Gateway {
  readonly url: string;
  /** http://host:port, for /health, /ready and /metrics. */
  readonly origin: string;
  readonly stats: GatewayStats;
  readonly metrics: GatewayMetrics;
  /** Entries held for deduplication in this process (replies + events; 0 with Redis). */
  memoryEntries(): number;
  readonly store: GatewayStore;
  /**
   * Drains: /ready answers 503 at once, for `notReadyMs` the gateway still serves (a load balancer
   * notices), then it stops accepting, lets requests in flight finish (graceMs at most) and closes.
   */
  close(graceMs?: number, notReadyMs?: number): Promise<void>;
}

class HttpRefusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function queryOf(url: string): URLSearchParams {
  const at = url.indexOf("?");
  return new URLSearchParams(at >= 0 ? url.slice(at + 1) : "");
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const limits: GatewayLimits = {
    ...DEFAULT_LIMITS,
    maxConnections: config.maxConnections,
    ...options.limits,
  };
  const redact = redactorFor(config.settings, ...gatewaySecrets(config));
  const log = options.log ?? jsonLogger(redact, config.logLevel);
  const stats = newStats();
  const delivery = options.delivery ?? { ...DEFAULT_DELIVERY, timeoutMs: config.cognigyTimeoutMs };
  let store: GatewayStore;
  let metrics: GatewayMetrics | undefined;
  if (config.redisUrl) {
    const redis = new RedisStore({
      url: config.redisUrl,
      keyPrefix: config.redisKeyPrefix,
      claimTtlMs: claimTtlFor(delivery),
      claimWaitMs: options.claimWaitMs,
      log,
      observe: {
        failure: (operation) => metrics?.storeFailure(operation),
        busy: (kind) => metrics?.storeBusy(kind),
      },
    });
    store = redis;
    // Starts anyway when Redis is not there yet: /ready says so, requests are answered "retry".
    if (!(await redis.connected(3000)))
      log("warn", "store_unavailable", { store: "redis", reason: "not connected at start" });
  } else store = memoryStore(options.dedupeEntries ?? DEDUPE_ENTRIES);
  const { replies, events } = store;
  const client = createEngageClient(config.settings);
  const threads = new ThreadResolver(client, undefined, undefined, store.threads);
  const identities =
    options.identities ??
    new IdentityKeeper(
      () => createHandoverIdentities(client.withBudget(IDENTITY_BUDGET_MS).sendApi, config.identities),
      log,
    );
  metrics = createMetrics(
    () => {
      const local = store.localEntries();
      return { ...local, threads: (local.threads ?? 0) + threads.size };
    },
    { kind: store.kind, up: () => (store instanceof RedisStore ? store.isUp : true) },
  );
  const cognigy = new CognigyEndpoint(config.cognigyEndpointUrl, delivery, metrics.delivery, store.sends);
  const sdk: SdkDeps = { config, cognigy, replies, identities, log, stats };
  const hooks: WebhookDeps = { config, cognigy, events, threads, log, stats };

  let draining = false;
  let bodyBytesInFlight = 0;
  let connections = 0;
  const overCap = new WeakSet<Socket>();
  /** Sockets whose answer went out before their request's body was read. */
  const lingering = new WeakSet<Socket>();

  const app = Fastify({
    logger: false,
    bodyLimit: limits.maxBodyBytes,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // While Cognigy is slow the client's socket is idle: this only ends connections forgotten by both sides.
    connectionTimeout: 300_000,
    http: {
      maxHeaderSize: 16 * 1024,
      // Node checks the header and request timeouts only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs, limits.requestTimeoutMs),
    },
    genReqId: (req) => {
      const given = header(req, "x-request-id");
      return given && REQUEST_ID.test(given) ? given : randomUUID();
    },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      if (error.code === "ECONNRESET" || socket.destroyed || lingering.has(socket)) {
        socket.destroy();
        return;
      }
      const status =
        error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
      const reason =
        status === 408
          ? "The request was not received in time."
          : status === 431
            ? "Request headers are too large."
            : "Malformed HTTP request.";
      stats.rejected++;
      lingering.add(socket);
      metrics.request("other", status, 0);
      log("warn", "request_rejected", { status, reason, code: error.code ?? null });
      lingerClose(
        socket,
        `HTTP/1.1 ${status} ${status === 408 ? "Request Timeout" : status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`,
        limits.lingerMs,
      );
    },
    frameworkErrors: (error, request, reply) => {
      refuse(
        reply,
        request,
        400,
        `Bad request: ${error.code === "FST_ERR_BAD_URL" ? "malformed URL" : "rejected"}.`,
      );
    },
  });
  // What the request's log line and metrics need, kept on the request (no side tables to collect).
  app.decorateRequest("kind", "other");
  app.decorateRequest("refusal", "");
  // Node enforces the request timeout only when it is not shorter than the headers timeout.
  app.server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  // A hard stop for file descriptors; below it, excess connections still get an HTTP answer.
  app.server.maxConnections = limits.maxConnections + 256;
  // Without these listeners Node drops CONNECT and Upgrade requests without a word.
  for (const event of ["connect", "upgrade"] as const) {
    app.server.on(event, (_req: IncomingMessage, socket: Socket) => {
      const reason =
        event === "connect" ? "CONNECT is not supported." : "Protocol upgrades are not supported.";
      stats.rejected++;
      metrics.request("other", 405, 0);
      log("warn", "request_rejected", { status: 405, reason });
      lingerClose(
        socket,
        `HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, POST\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`,
        limits.lingerMs,
      );
    });
  }
  app.server.on("connection", (socket: Socket) => {
    connections++;
    if (connections > limits.maxConnections) overCap.add(socket);
    socket.once("close", () => connections--);
  });

  function send(reply: FastifyReply, request: FastifyRequest, answer: Answer): FastifyReply {
    if (answer.status >= 400) {
      stats.rejected++;
      request.refusal = answer.body.slice(0, 200);
    }
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  }

  function refuse(
    reply: FastifyReply,
    request: FastifyRequest,
    status: number,
    reason: string,
  ): FastifyReply {
    return send(reply, request, text(status, reason));
  }

  /** After an answer that left the body unread, the rest is dropped, bounded in time, then closed. */
  function dropUnreadBody(req: IncomingMessage): void {
    const socket = req.socket;
    lingering.add(socket);
    req.resume();
    const timer = setTimeout(() => socket.destroy(), limits.lingerMs);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      lingering.delete(socket);
    };
    req.once("end", done);
    socket.once("close", done);
  }

  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, payload, done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (error: Error | null, body?: Buffer) => {
      if (finished) return;
      finished = true;
      done(error, body);
    };
    payload.on("data", (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        chunks.length = 0;
        payload.removeAllListeners("data");
        payload.resume();
        finish(new HttpRefusal(413, `Body larger than ${limits.maxBodyBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    payload.on("end", () => finish(null, Buffer.concat(chunks)));
    payload.on("error", (error) => finish(error));
  });

  app.setErrorHandler((error, request, reply) => {
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (error instanceof HttpRefusal) return refuse(reply, request, error.statusCode, error.message);
    if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
      const reasonsByStatus: Record<number, string> = {
        400: "Bad request.",
        413: `Body larger than ${limits.maxBodyBytes} bytes.`,
        415: "Unsupported content type.",
      };
      return refuse(reply, request, statusCode, reasonsByStatus[statusCode] ?? "The request was refused.");
    }
    log("error", "request_failed", {
      reqId: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
    return refuse(reply, request, 500, "The gateway failed on this request; it keeps serving.");
  });

  app.setNotFoundHandler((request, reply) =>
    refuse(
      reply,
      request,
      404,
      `Not found: the gateway serves ${config.path}, /health, /ready and /metrics.`,
    ),
  );

  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    if (overCap.has(request.raw.socket)) {
      reply.header("connection", "close");
      refuse(reply, request, 503, "Too many connections; try again shortly.");
      return;
    }
    done();
  });

  // Runs when the answer has gone out (fastify listens to "finish" anyway: no listener of our own).
  app.addHook("onResponse", (request, reply, done) => {
    if (!request.raw.complete) dropUnreadBody(request.raw);
    const seconds = reply.elapsedTime / 1000;
    const kind = request.kind;
    metrics.request(kind, reply.statusCode, seconds);
    const reason = request.refusal;
    log(
      reply.statusCode >= 500 && reply.statusCode !== 503
        ? "error"
        : reply.statusCode >= 400
          ? "warn"
          : "info",
      "request",
      {
        reqId: request.id,
        method: request.method,
        path: request.url.split("?")[0].slice(0, 200),
        kind,
        status: reply.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        ...(reason ? { reason } : {}),
      },
    );
    done();
  });

  /** Before any body is read: is there a credential, does the declared size fit, is there room? */
  function gate(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    const req = request.raw;
    const hasSecret = header(req, WEBHOOK_SECRET_HEADER) !== undefined;
    const hasSignature = header(req, SIGNATURE_HEADER) !== undefined || queryOf(request.url).has("signature");
    request.kind = hasSecret ? "webhook" : hasSignature ? "sdk" : "other";
    if (!hasSecret && !hasSignature) {
      refuse(
        reply,
        request,
        401,
        "Missing X-SMCCSDK-SIGNATURE header (or ?signature=) or X-Dimelo-Secret header.",
      );
      return;
    }
    const declared = header(req, "content-length");
    const length = declared === undefined ? undefined : Number(declared);
    if (length !== undefined && !(Number.isSafeInteger(length) && length >= 0)) {
      refuse(reply, request, 400, "Invalid Content-Length.");
      return;
    }
    if (length !== undefined && length > limits.maxBodyBytes) {
      refuse(reply, request, 413, `Body larger than ${limits.maxBodyBytes} bytes.`);
      return;
    }
    const reserved = length ?? limits.maxBodyBytes;
    if (bodyBytesInFlight + reserved > limits.maxBodyBytesInFlight) {
      reply.header("retry-after", "1");
      refuse(reply, request, 503, "The gateway is receiving too many bodies at once; try again shortly.");
      return;
    }
    bodyBytesInFlight += reserved;
    reply.raw.once("close", () => {
      bodyBytesInFlight -= reserved;
    });
    done();
  }

  const mark = (kind: RequestKind) => (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    request.kind = kind;
    done();
  };

  app.get("/health", { onRequest: mark("health") }, (request, reply) =>
    send(
      reply,
      request,
      json(200, {
        status: "ok",
        uptimeSeconds: Math.round(process.uptime()),
        dedupeEntries: localDedupeEntries(store),
        store: store.kind,
        ...stats,
      }),
    ),
  );

  app.get("/ready", { onRequest: mark("ready") }, async (request, reply) => {
    const [cognigyReachable, storeReachable] = await Promise.all([cognigy.reachable(), store.reachable()]);
    // Without its store an instance can deliver nothing safely: the load balancer should send elsewhere.
    const ready = !draining && cognigyReachable && storeReachable;
    return send(
      reply,
      request,
      json(ready ? 200 : 503, {
        ready,
        config: "loaded",
        draining,
        cognigyReachable,
        store: store.kind,
        storeReachable,
      }),
    );
  });

  app.get("/metrics", { onRequest: mark("metrics") }, async (request, reply) => {
    const body = await metrics.registry.metrics();
    return send(reply, request, {
      status: 200,
      body,
      headers: { "content-type": metrics.registry.contentType },
    });
  });

  app.route({
    method: ["GET", "HEAD"],
    url: config.path,
    onRequest: mark("verification"),
    handler: (request, reply) =>
      send(
        reply,
        request,
        handleVerification(queryOf(request.url), header(request.raw, WEBHOOK_SECRET_HEADER), hooks),
      ),
  });

  app.route({
    method: ["PUT", "DELETE", "PATCH", "OPTIONS"],
    url: config.path,
    onRequest: mark("other"),
    handler: (request, reply) => {
      reply.header("allow", "GET, POST");
      return refuse(reply, request, 405, "Use POST (or GET for the webhook verification).");
    },
  });

  app.post(config.path, { onRequest: gate }, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const webhookSecret = header(request.raw, WEBHOOK_SECRET_HEADER);
    if (webhookSecret !== undefined)
      return send(reply, request, await handleDelivery(body, webhookSecret, hooks));
    const signature =
      header(request.raw, SIGNATURE_HEADER) ?? queryOf(request.url).get("signature") ?? undefined;
    return send(reply, request, await handleSourceSdk(body, signature, sdk));
  });

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log("info", "gateway_listening", { url: `${origin}${config.path}` });
  const weakSecret = weakSecretWarning(config.settings);
  if (weakSecret) log("warn", "weak_webhook_secret", { message: weakSecret });

  return {
    url: `${origin}${config.path}`,
    origin,
    stats,
    metrics,
    store,
    memoryEntries: () => localDedupeEntries(store),
    close: async (graceMs = 10_000, notReadyMs = 0) => {
      draining = true;
      if (notReadyMs > 0) await new Promise((resolve) => setTimeout(resolve, notReadyMs));
      const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
      timer.unref();
      await app.close();
      clearTimeout(timer);
      await cognigy.close();
      await store.close();
    },
  };
}

function localDedupeEntries(store: GatewayStore): number {
  const local = store.localEntries();
  return (local.replies ?? 0) + (local.events ?? 0);
}

/**
 * A claim outlives the longest delivery (deliveryBudgetMs: every try waiting for a connection and the
 * status line, the backoffs), so only a crashed instance's claim expires; a margin on top for the
 * thread lookup.
 */
export function claimTtlFor(policy: DeliveryPolicy): number {
  return deliveryBudgetMs(policy) + 15_000;
}

/** Writes a raw answer, stops writing, and reads (dropping) what the client still sends for a while. */
function lingerClose(socket: Socket, answer: string, lingerMs: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.removeAllListeners("data");
  socket.on("data", () => undefined);
  socket.end(answer);
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
