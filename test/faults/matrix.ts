/**
 * The fault matrix, as data: every failure the Engage client knows × every node and the gateway.
 * faultMatrix.test.ts runs every cell; scripts/fault-matrix.ts prints the same table for the README
 * (and a test checks the README still shows it).
 */
import type { EngageErrorKind } from "../../src/engage/errors";
import type { World } from "../support/e2e";

export type Outcome = "ok" | EngageErrorKind;

export interface Failure {
  name: string;
  /** What the Send API call ends in, and what a REST call ends in. */
  send: Outcome;
  rest: Outcome;
  /** The gateway's answer to a webhook whose thread lookup (REST) meets this failure. */
  gateway: string;
  arrange(world: World): void;
  /** Node settings the cell needs (e.g. a short time budget). */
  config?: Record<string, unknown>;
}

const ALL = /.*/;

export const FAILURES: Failure[] = [
  {
    name: "400 bad request",
    send: "validation",
    rest: "validation",
    gateway: "200, event dropped (can never succeed)",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 400),
  },
  {
    name: "401 unauthorized",
    send: "auth",
    rest: "auth",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 401),
  },
  {
    name: "403 forbidden",
    send: "permission",
    rest: "permission",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 403),
  },
  {
    name: "404 not found",
    send: "not_found",
    rest: "not_found",
    gateway: "200, event ignored (thread unknown)",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 404),
  },
  {
    name: "409 conflict (retried, persists)",
    send: "conflict",
    rest: "conflict",
    gateway: "200, event dropped (can never succeed)",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 409),
  },
  {
    name: "422 unprocessable",
    send: "validation",
    rest: "validation",
    gateway: "200, event dropped (can never succeed)",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 422),
  },
  {
    name: "429 with Retry-After beyond the budget",
    send: "rate_limited",
    rest: "rate_limited",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 429, { headers: { "retry-after": "120" } }),
  },
  {
    name: "500 internal error",
    send: "unavailable",
    rest: "unavailable",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 500),
  },
  {
    name: "502 bad gateway (reads retried)",
    send: "unavailable",
    rest: "unavailable",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 502),
  },
  {
    name: "503 unavailable (reads retried)",
    send: "unavailable",
    rest: "unavailable",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 503),
  },
  {
    name: "504 gateway timeout (reads retried)",
    send: "unavailable",
    rest: "unavailable",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.failWith("*", ALL, 504),
  },
  {
    name: "no answer within the time budget",
    send: "timeout",
    rest: "timeout",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.delay("*", ALL, 8000),
    config: { timeBudgetMs: 1500 },
  },
  {
    name: "connection reset",
    send: "unavailable",
    rest: "unavailable",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.reset("*", ALL),
  },
  {
    name: "truncated JSON (200)",
    send: "ok",
    rest: "bad_response",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.malformed("*", ALL, "truncated-json"),
  },
  {
    name: "HTML page instead of JSON (200)",
    send: "ok",
    rest: "bad_response",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.malformed("*", ALL, "html"),
  },
  {
    name: "JSON of the wrong shape (200)",
    send: "ok",
    rest: "bad_response",
    gateway: "503, then delivered once",
    arrange: (w) => w.sim.faults.malformed("*", ALL, "wrong-shape"),
  },
];

/** Slow import only matters where a node searches for a thread RCE is still importing. */
export const SLOW_IMPORT = "RCE imports the message slowly";

export interface NodeUnderTest {
  type: string;
  label: string;
  resultKey: string;
  success: string;
  error: string;
  /** The APIs the node calls after its preparation, in order. */
  calls: ("send" | "rest")[];
  /** Turns that run before the faults are armed (the node needs a handover to exist, ...). */
  prepare: string[];
  /** With a slow import: "ok" or the error kind. */
  slowImport: Outcome;
  /** Preparation for the slow-import cell, when it differs (Handover: nothing mirrored yet). */
  slowImportPrepare?: string[];
  /** A node that reports RCE's failures as its result (Check RCE Setup) takes this branch instead of On error. */
  reportBranch?: string;
}

export const NODES: NodeUnderTest[] = [
  {
    type: "rceSyncProfile",
    label: "Sync Profile",
    resultKey: "rceProfile",
    success: "rceSyncProfileOnSuccess",
    error: "rceSyncProfileOnError",
    calls: ["send"],
    prepare: [],
    slowImport: "ok",
  },
  {
    type: "rceSendMessage",
    label: "Send Message to RCE",
    resultKey: "rceMessage",
    success: "rceSendMessageOnSent",
    error: "rceSendMessageOnError",
    calls: ["send"],
    prepare: [],
    slowImport: "ok",
  },
  {
    type: "rceHandover",
    label: "Handover to RCE",
    resultKey: "rceHandover",
    success: "rceHandoverOnQueued",
    error: "rceHandoverOnError",
    calls: ["send", "rest"],
    prepare: ["rceSendMessage"],
    slowImport: "timeout",
    slowImportPrepare: [],
  },
  {
    type: "rceLookupQueueStatus",
    label: "Lookup Queue Status",
    resultKey: "rceQueue",
    success: "rceLookupOnQueued",
    error: "rceLookupOnError",
    calls: ["rest"],
    prepare: ["rceHandover"],
    slowImport: "ok",
  },
  {
    type: "rceCheckSetup",
    label: "Check RCE Setup",
    resultKey: "rceSetupCheck",
    success: "rceCheckSetupOnPassed",
    error: "rceCheckSetupOnError",
    reportBranch: "rceCheckSetupOnFailed",
    calls: ["rest", "send"],
    prepare: [],
    slowImport: "ok",
  },
  {
    // During a handover: the user's turn is relayed to the agent.
    type: "rceRoute",
    label: "Route to RCE",
    resultKey: "rceRoute",
    success: "rceRouteWithAgent",
    error: "rceRouteOnError",
    calls: ["send"],
    prepare: ["rceHandover"],
    slowImport: "ok",
  },
  {
    type: "rceEndHandover",
    label: "End Handover",
    resultKey: "rceHandoverEnd",
    success: "rceEndHandoverOnDone",
    error: "rceEndHandoverOnError",
    calls: ["rest"],
    prepare: ["rceHandover"],
    slowImport: "ok",
  },
];

export function expectedOutcome(node: NodeUnderTest, failure: Failure): Outcome {
  for (const api of node.calls) {
    const outcome = failure[api];
    if (outcome !== "ok") return outcome;
  }
  return "ok";
}

export function cell(outcome: Outcome, node?: NodeUnderTest): string {
  if (outcome === "ok") return "ok";
  return node?.reportBranch ? "Some checks failed" : `error: ${outcome}`;
}

/** The markdown table the README shows. */
export function matrixTable(): string {
  const header = `| Failure | ${NODES.map((n) => n.label).join(" | ")} | Gateway (webhook thread lookup) |`;
  const rule = `|---|${NODES.map(() => "---").join("|")}|---|`;
  const rows = FAILURES.map(
    (f) => `| ${f.name} | ${NODES.map((n) => cell(expectedOutcome(n, f), n)).join(" | ")} | ${f.gateway} |`,
  );
  const slow = `| ${SLOW_IMPORT} | ${NODES.map((n) => cell(n.slowImport)).join(" | ")} | — |`;
  const down = `| Cognigy endpoint down (gateway) | ${NODES.map(() => "—").join(" | ")} | agent reply: non-fatal item error, RCE retries, delivered once; webhook: 503, then delivered once; Cognigy hangs: sent at most twice |`;
  return [header, rule, ...rows, slow, down].join("\n");
}
