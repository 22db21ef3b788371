/**
 * Runs a node descriptor's `function` the way Cognigy.AI does and reports what it did and which
 * platform rules it broke.
 */
import { performance } from "node:perf_hooks";
import type { INodeFunctionBaseParams } from "@cognigy/extension-tools";
import { HarnessViolationError } from "./assertions";
import { buildChildConfigs, DEFAULT_NODE_ID } from "./childConfigs";
import { clone, mergeInput, mergeProfile } from "./defaults";
import { callLimitViolation, createExecutionState, createFakeApi } from "./fakeApi";
import { resolveLimits } from "./limits";
import type { HarnessResult, JsonObject, NodeDescriptor, RunNodeOptions } from "./types";

type Outcome = { kind: "ok" } | { kind: "error"; error: Error } | { kind: "timeout" };

function toError(value: unknown): Error {
  if (value instanceof Error) {
    return value;
  }
  const error = new Error(
    `non-Error value thrown: ${typeof value === "string" ? value : (safeJson(value) ?? String(value))}`,
  );
  (error as Error & { thrown?: unknown }).thrown = value;
  return error;
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Config as Cognigy stores it: every field's `defaultValue`, overridden by the given values. */
function buildConfig(descriptor: NodeDescriptor, config: JsonObject, applyDefaults: boolean): JsonObject {
  const result: JsonObject = {};
  if (applyDefaults) {
    for (const field of descriptor.fields ?? []) {
      const defaultValue: unknown = field.defaultValue;
      if (defaultValue !== undefined) {
        result[field.key] = clone(defaultValue);
      }
    }
  }
  return Object.assign(result, clone(config));
}

/**
 * Runs `descriptor.function` once. Resolves with a result that lists `violations` (an empty list means
 * the node stayed within Cognigy's limits and did not throw). Rejects only for harness misuse, or for
 * violations when `options.strict` is set.
 */
export async function runNode(descriptor: NodeDescriptor, options: RunNodeOptions): Promise<HarnessResult> {
  const nodeFunction = descriptor?.function;
  if (typeof nodeFunction !== "function") {
    throw new TypeError(`harness: node descriptor "${descriptor?.type}" has no function to run`);
  }
  if (!options || typeof options.config !== "object" || options.config === null) {
    throw new TypeError("harness: options.config (the node's field values) is required");
  }
  const limits = resolveLimits(options.limits);
  const { childConfigs, problems } = buildChildConfigs(descriptor, options.nodes);
  const config = buildConfig(descriptor, options.config, options.applyFieldDefaults !== false);

  const state = createExecutionState(
    mergeInput(options.input),
    options.context ? clone(options.context) : {},
    mergeProfile(options.profile),
  );
  state.violations.push(...problems);
  const api = createFakeApi(state, {
    limits,
    childConfigs,
    requireChildNextNode: options.requireChildNextNode !== false,
  });

  // The node sees snapshots: only api.* calls change the platform-side state returned in the result.
  const view = { input: clone(state.input), context: clone(state.context), profile: clone(state.profile) };
  const before = {
    input: safeJson(view.input),
    context: safeJson(view.context),
    profile: safeJson(view.profile),
  };

  const params = {
    cognigy: {
      api,
      input: view.input,
      context: view.context,
      profile: view.profile,
      ...(options.lastConversationEntries
        ? { lastConversationEntries: clone(options.lastConversationEntries) }
        : {}),
    },
    config,
    childConfigs: clone(childConfigs),
    nodeId: options.nodeId ?? DEFAULT_NODE_ID,
  } as unknown as INodeFunctionBaseParams;

  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timeout" }), limits.timeoutMs);
  });
  const execution: Promise<Outcome> = (async () => nodeFunction(params))().then(
    (): Outcome => ({ kind: "ok" }),
    (error: unknown): Outcome => ({ kind: "error", error: toError(error) }),
  );
  const outcome = await Promise.race([execution, timeout]);
  clearTimeout(timer);
  state.ended = true;
  const durationMs = performance.now() - started;

  const platformErrors: string[] = [];
  let error: Error | undefined;
  if (outcome.kind === "timeout") {
    state.violations.push(`execution timed out after ${limits.timeoutMs} ms (limit ${limits.timeoutMs} ms)`);
    platformErrors.push(`Extension execution timed out after ${limits.timeoutMs} ms`);
  } else if (outcome.kind === "error") {
    error = outcome.error;
    state.violations.push(
      `uncaught exception: ${error.name}: ${error.message} (node functions must catch errors and route to an error branch)`,
    );
    platformErrors.push(error.message);
  }
  const limitViolation = callLimitViolation(state, limits);
  if (limitViolation) {
    state.violations.push(limitViolation);
    platformErrors.push(`Too many API calls (limit ${limits.maxApiCalls})`);
  }
  if (platformErrors.length > 0) {
    // Cognigy continues the Flow and reports extension errors on input.extensionError.
    state.input.extensionError = { message: platformErrors.join("; ") };
  }

  if (options.forbidDirectMutation !== false) {
    for (const key of ["input", "context", "profile"] as const) {
      if (safeJson(view[key]) !== before[key]) {
        state.violations.push(
          `the node mutated cognigy.${key} directly; use api.${key === "input" ? "addToInput" : key === "context" ? "addToContext" : "updateProfile"} (direct mutations do not reach the platform from the sandbox)`,
        );
      }
    }
  }

  const result: HarnessResult = {
    nodeType: descriptor.type,
    outputs: state.outputs,
    context: state.context,
    input: state.input,
    profile: state.profile,
    logs: state.logs,
    apiCalls: state.apiCalls,
    apiCallCount: state.apiCallCount,
    nextNode: state.nextNode,
    violations: state.violations,
    error,
    durationMs,
    childConfigs,
    timedOut: outcome.kind === "timeout",
    stopped: state.stopped,
    sensitiveLoggingSettings: state.sensitiveLoggingSettings,
    limits,
  };
  const most = MOST_API_CALLS.get(descriptor.type) ?? 0;
  if (result.apiCallCount > most) MOST_API_CALLS.set(descriptor.type, result.apiCallCount);
  if (options.strict && result.violations.length > 0) {
    throw new HarnessViolationError(result);
  }
  return result;
}

/** The most `api.*` calls one execution of each node type made in this test run (for the README's claim). */
export const MOST_API_CALLS = new Map<string, number>();

/** Like `runNode`, but rejects with a `HarnessViolationError` listing every violation. */
export function runNodeStrict(descriptor: NodeDescriptor, options: RunNodeOptions): Promise<HarnessResult> {
  return runNode(descriptor, { ...options, strict: true });
}
