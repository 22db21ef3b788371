/**
 * What every RCE node does around its own behaviour: build the Engage client from the connection,
 * run within the time budget, count the node's RCE requests and time into its result, store the
 * result, take exactly one branch, and end on the error branch (never with an exception) when
 * anything fails. Cognigy counts every api call of a run against a small limit, so all of them are
 * made here, one per thing an outcome can carry (see finish).
 */
import type { INodeFunctionBaseParams } from "@cognigy/extension-tools/build/interfaces/descriptor";
import { createEngageClient, type EngageClient, type EngageClientOptions } from "../engage/client";
import { type EngageErrorInfo, toEngageError } from "../engage/errors";
import type { Redactor } from "../engage/redact";
import { type RawConnection, redactorFor } from "../engage/settings";
import { childIdOf } from "./childNodes";
import { type LogLevel, type NodeApi, toNodeApi } from "./nodeApi";
import { type StorageConfig, storeResult } from "./storage";

/** Cognigy stops a node after 20 s; leave room for storing the result and for Cognigy itself. */
export const MAX_TIME_BUDGET_MS = 18_000;
export const DEFAULT_NODE_TIME_BUDGET_MS = 15_000;

export interface BaseNodeConfig extends StorageConfig {
  connection?: RawConnection;
  timeBudgetMs?: number;
}

export interface NodeRun<C extends BaseNodeConfig> {
  config: C;
  client: EngageClient;
  input: Record<string, unknown>;
  profile: Record<string, unknown>;
  context: Record<string, unknown>;
  /**
   * Cognigy's recent turns, as its own nodes get them (`cognigy.lastConversationEntries`); undefined
   * when the runtime does not pass them to extensions (their typings do not declare them).
   */
  lastConversationEntries?: unknown;
}

export interface NodeOutcome {
  /** Child type to continue with. */
  branch: string;
  /**
   * Stored where the builder chose, with `rceRequests` and `durationMs` added; must hold no secrets
   * (it is redacted again anyway).
   */
  result: Record<string, unknown>;
  /** Something to tell the user, e.g. the waiting message. */
  say?: string;
  /** Cognigy output data sent with `say` (quick replies). */
  sayData?: Record<string, unknown>;
  /**
   * Child types to take, in order, when the Flow has no child of `branch` (a node placed before the
   * extension had that branch): a newer branch falls back to the older one that fits best.
   */
  fallbackBranches?: string[];
  /** Extra input keys Cognigy itself reads (Handover nodes set `handover`). */
  inputExtras?: Record<string, unknown>;
  /** State kept for later nodes of the conversation (the escalation state). */
  contextExtras?: Record<string, unknown>;
  log?: { level: LogLevel; text: string };
}

export interface EngageNodeDefinition<C extends BaseNodeConfig> {
  /** Name used in log lines ("Sync Profile"). */
  label: string;
  resultKey: string;
  errorBranch: string;
  run(run: NodeRun<C>): Promise<NodeOutcome>;
  /** Extra values to write when the node fails (Handover nodes set `input.handover`). */
  onError?: (error: EngageErrorInfo) => Pick<NodeOutcome, "inputExtras" | "contextExtras">;
  /** Test seam: transport, clock, retry policy. */
  clientOptions?: EngageClientOptions;
}

export interface ErrorResult {
  status: "error";
  error: EngageErrorInfo;
  finishedAt: string;
}

function budgetOf(config: BaseNodeConfig): number {
  const asked = Number(config.timeBudgetMs);
  if (!Number.isFinite(asked) || asked <= 0) return DEFAULT_NODE_TIME_BUDGET_MS;
  return Math.min(Math.max(asked, 1000), MAX_TIME_BUDGET_MS);
}

/** Redacts and deep-copies a value through JSON, so nothing secret or unserialisable reaches Cognigy. */
function sanitise<T>(value: T, redact: Redactor): T {
  return JSON.parse(redact(JSON.stringify(value) ?? "null")) as T;
}

function finish(
  api: NodeApi,
  params: INodeFunctionBaseParams,
  config: BaseNodeConfig,
  resultKey: string,
  outcome: NodeOutcome,
  redact: Redactor,
): void {
  storeResult(api, config, resultKey, sanitise(outcome.result, redact));
  for (const [key, value] of Object.entries(outcome.contextExtras ?? {})) {
    api.addToContext(key, sanitise(value, redact), "simple");
  }
  for (const [key, value] of Object.entries(outcome.inputExtras ?? {})) {
    api.addToInput(key, sanitise(value, redact));
  }
  if (outcome.say)
    api.say(redact(outcome.say), outcome.sayData ? sanitise(outcome.sayData, redact) : undefined);
  if (outcome.log) api.log(outcome.log.level, redact(outcome.log.text));
  const next = [outcome.branch, ...(outcome.fallbackBranches ?? [])]
    .map((type) => childIdOf(params.childConfigs, type))
    .find((id) => id !== undefined);
  if (next) api.setNextNode(next);
}

export async function runEngageNode<C extends BaseNodeConfig>(
  params: INodeFunctionBaseParams,
  def: EngageNodeDefinition<C>,
): Promise<void> {
  const api = toNodeApi(params.cognigy.api);
  const config = (params.config ?? {}) as C;
  const startedAt = Date.now();
  let redact = redactorFor(config.connection);
  let client: EngageClient | undefined;
  let outcome: NodeOutcome;
  try {
    client = createEngageClient(config.connection ?? {}, {
      timeBudgetMs: budgetOf(config),
      ...def.clientOptions,
    });
    redact = client.redact;
    const cognigy = params.cognigy as unknown as {
      input?: Record<string, unknown>;
      profile?: Record<string, unknown>;
      context?: Record<string, unknown>;
      lastConversationEntries?: unknown;
    };
    outcome = await def.run({
      config,
      client,
      input: cognigy.input ?? {},
      profile: cognigy.profile ?? {},
      context: cognigy.context ?? {},
      lastConversationEntries: cognigy.lastConversationEntries,
    });
  } catch (thrown) {
    const error = toEngageError(thrown, `run ${def.label}`);
    const result: ErrorResult = {
      status: "error",
      error: error.toJSON(),
      finishedAt: new Date().toISOString(),
    };
    outcome = {
      branch: def.errorBranch,
      result: { ...result },
      log: { level: "error", text: `${def.label}: ${error.message}` },
      ...def.onError?.(result.error),
    };
  }
  // The client is made for this run, so its count is this node's requests (none if it could not be made).
  outcome.result = {
    ...outcome.result,
    rceRequests: client?.stats().requests ?? 0,
    durationMs: Date.now() - startedAt,
  };
  try {
    finish(api, params, config, def.resultKey, outcome, redact);
  } catch {
    // Storing failed (e.g. Cognigy refused the value): still take the error branch rather than throw.
    const next = childIdOf(params.childConfigs, def.errorBranch);
    if (next) api.setNextNode(next);
  }
}
