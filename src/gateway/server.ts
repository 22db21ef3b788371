/**
 * The gateway's HTTP service: its parts built in order and started. The edge (src/gateway/edge)
 * stands between the internet and the routes (routes.ts): connection cap, timeouts, body budget and
 * every refusal before a body is read. Nothing reads a body before the request could be authentic.
 */
import type { AddressInfo } from "node:net";
import { createEngageClient } from "../engage/client";
import { createHandoverIdentities } from "../engage/identities";
import { redactorFor, weakSecretWarning } from "../engage/settings";
import { CognigyEndpoint, DEFAULT_DELIVERY, type DeliveryPolicy, deliveryBudgetMs } from "./cognigyEndpoint";
import { type GatewayConfig, gatewaySecrets } from "./config";
import { EdgeGuard } from "./edge/guard";
import { DEFAULT_LIMITS, type GatewayLimits } from "./edge/limits";
import { IdentityKeeper } from "./identityKeeper";
import { type GatewayLogger, isJsonLogger, jsonLogger } from "./log";
import { createMetrics, type GatewayMetrics } from "./metrics";
import { RedisStore } from "./redisStore";
import { requestAccount } from "./requestLog";
import { buildApp } from "./routes";
import type { SdkDeps } from "./sourceSdk";
import { type GatewayStats, newStats } from "./stats";
import { type GatewayStore, memoryStore } from "./store";
import { ThreadResolver } from "./threadResolver";
import type { WebhookDeps } from "./webhooks";

export { DEFAULT_LIMITS, type GatewayLimits, MAX_BODY_BYTES } from "./edge/limits";

const DEDUPE_ENTRIES = 50_000;
const IDENTITY_BUDGET_MS = 10_000;

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

async function openStore(
  config: GatewayConfig,
  options: GatewayOptions,
  delivery: DeliveryPolicy,
  log: GatewayLogger,
  metrics: GatewayMetrics,
): Promise<GatewayStore> {
  if (!config.redisUrl) return memoryStore(options.dedupeEntries ?? DEDUPE_ENTRIES);
  const redis = new RedisStore({
    url: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    claimTtlMs: claimTtlFor(delivery),
    claimWaitMs: options.claimWaitMs,
    log,
    observe: {
      failure: (operation) => metrics.storeFailure(operation),
      busy: (kind) => metrics.storeBusy(kind),
    },
  });
  // Starts anyway when Redis is not there yet: /ready says so, requests are answered "retry".
  if (!(await redis.connected(3000)))
    log("warn", "store_unavailable", { store: "redis", reason: "not connected at start" });
  return redis;
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const limits: GatewayLimits = {
    ...DEFAULT_LIMITS,
    maxConnections: config.maxConnections,
    ...options.limits,
  };
  const redact = redactorFor(config.settings, ...gatewaySecrets(config));
  const log: GatewayLogger = options.log ?? jsonLogger(redact, config.logLevel);
  const jsonLog = isJsonLogger(log) ? log : undefined;
  const stats = newStats();
  const delivery = options.delivery ?? { ...DEFAULT_DELIVERY, timeoutMs: config.cognigyTimeoutMs };
  // Made first: the store and the edge report to it.
  const metrics = createMetrics();
  const account = requestAccount(log, metrics, stats);
  const store = await openStore(config, options, delivery, log, metrics);
  const client = createEngageClient(config.settings);
  const threads = new ThreadResolver(client, undefined, undefined, store.threads);
  const identities =
    options.identities ??
    new IdentityKeeper(
      () => createHandoverIdentities(client.withBudget(IDENTITY_BUDGET_MS).sendApi, config.identities),
      log,
    );
  const cognigy = new CognigyEndpoint(config.cognigyEndpointUrl, delivery, metrics.delivery, store.sends);
  const sdk: SdkDeps = { config, cognigy, replies: store.replies, identities, log, stats };
  const hooks: WebhookDeps = { config, cognigy, events: store.events, threads, log, stats };
  const edge = new EdgeGuard(
    limits,
    { rcePath: config.path, getPaths: ["/health", "/ready", "/metrics"] },
    config.settings.webhookSecret,
    {
      refused: (kind, refusal, method, path) =>
        account({
          kind,
          authenticated: false,
          status: refusal.status,
          seconds: 0,
          method,
          path,
          reason: refusal.reason,
        }),
      evicted: () => metrics.connectionEvicted(),
    },
  );
  const dedupeEntries = () => localDedupeEntries(store);
  let draining = false;
  const app = buildApp({
    config,
    limits,
    edge,
    sdk,
    hooks,
    store,
    cognigy,
    metrics,
    stats,
    account,
    draining: () => draining,
    dedupeEntries,
  });
  metrics.watch({
    entries: () => {
      const local = store.localEntries();
      return { ...local, threads: (local.threads ?? 0) + threads.size };
    },
    store: { kind: store.kind, up: () => store.isUp },
    openConnections: () => edge.connections.open,
    bodyBytesInFlight: () => edge.bodyBytesInFlight,
    logBacklogDrops: () => jsonLog?.drops.backlog ?? 0,
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
  if (!edge.connections.pipeliningBounded)
    log("warn", "pipelining_unbounded", { reason: "this Node.js sets up its HTTP parser differently" });
  const weakSecret = weakSecretWarning(config.settings);
  if (weakSecret) log("warn", "weak_webhook_secret", { message: weakSecret });

  return {
    url: `${origin}${config.path}`,
    origin,
    stats,
    metrics,
    store,
    memoryEntries: dedupeEntries,
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
