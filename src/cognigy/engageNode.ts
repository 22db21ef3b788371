/**
 * What every RCE node does around its own behaviour: build the Engage client from the connection,
 * read the node's arguments, run its behaviour within the time budget, count the node's RCE requests
 * and time into its result, store the result, take exactly one branch, and end on the error branch
 * (never with an exception) when anything fails. Cognigy counts every api call of a run against a small limit, so all of them are
 * made here, one per thing an outcome can carry (see finish).
 */
import type { INodeFunctionBaseParams } from "@cognigy/extension-tools/build/interfaces/descriptor";
import { createEngageClient, type EngageClient } from "../engage/client";
import { type EngageErrorInfo, toEngageError } from "../engage/errors";
import type { Redactor } from "../engage/redact";
import { type RawConnection, redactorFor } from "../engage/settings";
import type { NodeOutcome } from "../nodes/shared/outcome";
import { childIdOf } from "./childNodes";
import type { Branch, EngageNodeDefinition } from "./defineNode";
import { type NodeApi, toNodeApi } from "./nodeApi";
import { type StorageConfig, storeResult } from "./storage";

/** Cognigy stops a node after 20 s; leave room for storing the result and for Cognigy itself. */
export const MAX_TIME_BUDGET_MS = 18_000;
export const DEFAULT_NODE_TIME_BUDGET_MS = 15_000;

export interface BaseNodeConfig extends StorageConfig {
  connection?: RawConnection;
  timeBudgetMs?: number;
}

/** What Cognigy gives a node run, from which the node's arguments are read. */
export interface NodeRun<C extends BaseNodeConfig> {
  config: C;
  input: Record<string, unknown>;
  profile: Record<string, unknown>;
  context: Record<string, unknown>;
  /**
   * Cognigy's recent turns, as its own nodes get them (`cognigy.lastConversationEntries`); undefined
   * when the runtime does not pass them to extensions (their typings do not declare them).
   */
  lastConversationEntries?: unknown;
}

/** An outcome as Cognigy takes it: the branch as a child type, and the child types it falls back to. */
interface ResolvedOutcome extends Omit<NodeOutcome, "branch"> {
  /** Child type to continue with. */
  branch: string;
  /**
   * Child types to take, in order, when the Flow has no child of `branch` (a node placed before the
   * extension had that branch): a newer branch falls back to the older one that fits best.
   */
  fallbackBranches?: string[];
}

/** The child types a branch falls back to, in order (a chain of `fallback`s, cycles cut). */
function fallbacksOf<B extends string>(branches: Record<B, Branch<B>>, branch: B): string[] {
  const chain: string[] = [];
  const seen = new Set<B>([branch]);
  for (
    let next = branches[branch].fallback;
    next !== undefined && !seen.has(next);
    next = branches[next].fallback
  ) {
    seen.add(next);
    chain.push(branches[next].type);
  }
  return chain;
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
  outcome: ResolvedOutcome,
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

export async function runEngageNode<C extends BaseNodeConfig, A, B extends string>(
  params: INodeFunctionBaseParams,
  def: EngageNodeDefinition<C, A, B>,
): Promise<void> {
  const { label, resultKey, errorBranch, branches } = def.descriptor;
  const api = toNodeApi(params.cognigy.api);
  const config = (params.config ?? {}) as C;
  const startedAt = Date.now();
  let redact = redactorFor(config.connection);
  let client: EngageClient | undefined;
  let outcome: ResolvedOutcome;
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
    const args = def.argumentsOf({
      config,
      input: cognigy.input ?? {},
      profile: cognigy.profile ?? {},
      context: cognigy.context ?? {},
      lastConversationEntries: cognigy.lastConversationEntries,
    });
    const decided = await def.behaviour(client, args);
    outcome = {
      ...decided,
      branch: branches[decided.branch].type,
      fallbackBranches: fallbacksOf(branches, decided.branch),
    };
  } catch (thrown) {
    const error = toEngageError(thrown, `run ${label}`);
    const result: ErrorResult = {
      status: "error",
      error: error.toJSON(),
      finishedAt: new Date().toISOString(),
    };
    outcome = {
      branch: errorBranch,
      result: { ...result },
      log: { level: "error", text: `${label}: ${error.message}` },
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
    finish(api, params, config, resultKey, outcome, redact);
  } catch {
    // Storing failed (e.g. Cognigy refused the value): still take the error branch rather than throw.
    const next = childIdOf(params.childConfigs, errorBranch);
    if (next) api.setNextNode(next);
  }
}
