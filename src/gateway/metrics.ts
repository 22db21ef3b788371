/** Prometheus metrics of one gateway, on its own registry (several gateways may share a process in tests). */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { DeliveryOutcome } from "./cognigyEndpoint";

export type RequestKind = "sdk" | "webhook" | "verification" | "health" | "ready" | "metrics" | "other";

export interface GatewayMetrics {
  readonly registry: Registry;
  request(kind: RequestKind, status: number, seconds: number): void;
  delivery(route: "notify" | "inject", outcome: DeliveryOutcome, seconds: number): void;
  /** A store command failed (Redis down, slow or refusing), by operation. */
  storeFailure(operation: string): void;
  /** Another instance held the claim past the wait: answered "retry later", by kind. */
  storeBusy(kind: string): void;
  /** A connection closed at the cap to make room for a newcomer. */
  connectionEvicted(): void;
  /** A log line left out by the rate limit for unauthenticated requests. */
  logLineRateLimited(): void;
  /** Where the gauges read from, once the parts they watch exist (metrics are made first: the others report to them). */
  watch(sources: MetricSources): void;
}

export interface MetricSources {
  /** Entries kept in bounded memories, by kind. */
  entries(): Record<string, number>;
  store: { kind: "memory" | "redis"; up(): boolean };
  openConnections(): number;
  bodyBytesInFlight(): number;
  /** Log lines dropped because stdout did not keep up, so far. */
  logBacklogDrops(): number;
}

export function createMetrics(): GatewayMetrics {
  let sources: MetricSources | undefined;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gateway_" });
  // These three are gauges named *_total, which Prometheus reserves for counters (`promtool check
  // metrics` flags them); the same numbers by type stay as gateway_nodejs_active_{handles,requests,resources}.
  for (const kind of ["handles", "requests", "resources"])
    registry.removeSingleMetric(`gateway_nodejs_active_${kind}_total`);
  const requests = new Counter({
    name: "gateway_requests_total",
    help: "HTTP requests answered, by kind and status",
    labelNames: ["kind", "status"] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: "gateway_request_duration_seconds",
    help: "Time from request to answer, by kind",
    labelNames: ["kind"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: "gateway_cognigy_deliveries_total",
    help: "Deliveries to Cognigy, by route and outcome",
    labelNames: ["route", "outcome"] as const,
    registers: [registry],
  });
  const deliverySeconds = new Histogram({
    name: "gateway_cognigy_delivery_duration_seconds",
    help: "Time to deliver to Cognigy (all tries), by route",
    labelNames: ["route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
    registers: [registry],
  });
  new Gauge({
    name: "gateway_dedupe_entries",
    help: "Entries kept in bounded memories, by kind",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      for (const [kind, value] of Object.entries(sources?.entries() ?? {})) this.set({ kind }, value);
    },
  });
  new Gauge({
    name: "gateway_store_up",
    help: "1 while the gateway's store (memory or redis) answers, 0 while it is unreachable",
    labelNames: ["store"] as const,
    registers: [registry],
    collect() {
      if (sources) this.set({ store: sources.store.kind }, sources.store.up() ? 1 : 0);
    },
  });
  new Gauge({
    name: "gateway_connections_open",
    help: "Client connections open now",
    registers: [registry],
    collect() {
      if (sources) this.set(sources.openConnections());
    },
  });
  new Gauge({
    name: "gateway_body_bytes_in_flight",
    help: "Bytes of request bodies received and not yet answered",
    registers: [registry],
    collect() {
      if (sources) this.set(sources.bodyBytesInFlight());
    },
  });
  const evictions = new Counter({
    name: "gateway_connections_evicted_total",
    help: "Connections without a request in progress closed at the cap to make room for a new one",
    registers: [registry],
  });
  let backlogCounted = 0;
  const logDropped = new Counter({
    name: "gateway_log_lines_dropped_total",
    help: "Log lines not written: stdout did not keep up (backlog), or the rate limit for unauthenticated requests (rate)",
    labelNames: ["reason"] as const,
    registers: [registry],
    collect() {
      const backlog = sources?.logBacklogDrops() ?? 0;
      if (backlog > backlogCounted) this.inc({ reason: "backlog" }, backlog - backlogCounted);
      backlogCounted = backlog;
    },
  });
  logDropped.inc({ reason: "backlog" }, 0);
  logDropped.inc({ reason: "rate" }, 0);
  const storeFailures = new Counter({
    name: "gateway_store_failures_total",
    help: "Store commands that failed (Redis unreachable, slow or refusing), by operation",
    labelNames: ["operation"] as const,
    registers: [registry],
  });
  const storeBusy = new Counter({
    name: "gateway_store_claims_busy_total",
    help: "Requests answered 'retry later' because another instance was handling the same key, by kind",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  // prom-client builds and checks a label set on every call by labels; the few combinations are looked up once.
  const requestChildren = new Map<string, { inc(): void }>();
  const requestSecondsChildren = new Map<string, { observe(value: number): void }>();
  const deliveryChildren = new Map<string, { inc(): void }>();
  const deliverySecondsChildren = new Map<string, { observe(value: number): void }>();
  return {
    registry,
    watch(watched) {
      sources = watched;
    },
    connectionEvicted() {
      evictions.inc();
    },
    logLineRateLimited() {
      logDropped.inc({ reason: "rate" });
    },
    storeFailure(operation) {
      storeFailures.inc({ operation });
    },
    storeBusy(kind) {
      storeBusy.inc({ kind });
    },
    request(kind, status, seconds) {
      child(requestChildren, `${kind} ${status}`, () => requests.labels(kind, String(status))).inc();
      child(requestSecondsChildren, kind, () => requestSeconds.labels(kind)).observe(seconds);
    },
    delivery(route, outcome, seconds) {
      child(deliveryChildren, `${route} ${outcome}`, () => deliveries.labels(route, outcome)).inc();
      child(deliverySecondsChildren, route, () => deliverySeconds.labels(route)).observe(seconds);
    },
  };
}

function child<T>(children: Map<string, T>, key: string, create: () => T): T {
  let found = children.get(key);
  if (!found) {
    found = create();
    children.set(key, found);
  }
  return found;
}
