/**
 * A fake `cognigy.api` that records every call and enforces Cognigy's per-call limits.
 *
 * Model: in Cognigy's default (untrusted) mode every `api.*` call is proxied over an event bus, so
 * each call counts against the per-execution call limit and each argument must be JSON-serialisable
 * and at most 62 KB. Calls beyond the limit are recorded (`rejected: true`) but have no effect.
 */

import { formatBytes, jsonByteLength } from "./limits";
import { deletePath, getPath, setPath } from "./paths";
import {
  type HarnessApiCall,
  type HarnessChildConfig,
  type HarnessInput,
  type HarnessLimits,
  type HarnessLogRecord,
  type HarnessNextNode,
  type HarnessOutputRecord,
  type HarnessProfile,
  type JsonObject,
  LOG_LEVELS,
} from "./types";

/** Mutable platform-side state of one execution. */
export interface ExecutionState {
  input: HarnessInput;
  context: JsonObject;
  profile: HarnessProfile;
  outputs: HarnessOutputRecord[];
  logs: HarnessLogRecord[];
  apiCalls: HarnessApiCall[];
  apiCallCount: number;
  /** Methods of the calls that went over `maxApiCalls`. */
  overLimitCalls: string[];
  nextNode: HarnessNextNode | undefined;
  stopped: boolean;
  sensitiveLoggingSettings: unknown;
  violations: string[];
  /** Set when the execution finished or timed out; later calls are ignored. */
  ended: boolean;
}

export interface FakeApiOptions {
  limits: HarnessLimits;
  childConfigs: readonly HarnessChildConfig[];
  requireChildNextNode: boolean;
}

/** The members the harness implements (a subset of Cognigy's node execution API). */
export interface HarnessApi {
  say(text?: unknown, data?: unknown, settings?: unknown): void;
  output(text?: unknown, data?: unknown, settings?: unknown): void;
  addToContext(key: string, value: unknown, mode?: string): void;
  addToInput(key: string, value: unknown): void;
  setContext(key: string, value: unknown): void;
  getContext(key: string): unknown;
  deleteContext(key: string): void;
  removeFromContext(key: string, value?: unknown, mode?: string): void;
  resetContext(): Promise<JsonObject>;
  setNextNode(nodeId: string, flowId?: string): void;
  resetNextNodes(): void;
  stopExecution(): void;
  log(level: string, text: unknown): void;
  updateProfile(key: string, value: unknown): Promise<void>;
  think(text?: unknown, data?: unknown): void;
  setSensitiveLoggingSettings(settings: unknown, traceId?: string): void;
  /**
   * Returns the text unchanged (the harness does not render CognigyScript; Cognigy renders field values
   * before the node runs). Also accepts the curried 0.14 form `parseCognigyScriptText(executionObjects)(text)`.
   */
  parseCognigyScriptText(textOrExecutionObjects: unknown): unknown;
}

export function createExecutionState(input: HarnessInput, context: JsonObject, profile: HarnessProfile) {
  const state: ExecutionState = {
    input,
    context,
    profile,
    outputs: [],
    logs: [],
    apiCalls: [],
    apiCallCount: 0,
    overLimitCalls: [],
    nextNode: undefined,
    stopped: false,
    sensitiveLoggingSettings: undefined,
    violations: [],
    ended: false,
  };
  return state;
}

/** What an argument looks like after crossing the event bus (JSON round trip), when possible. */
export function busCopy(value: unknown): unknown {
  if (value === undefined) {
    return undefined;
  }
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : JSON.parse(json);
  } catch {
    try {
      return structuredClone(value);
    } catch {
      return value;
    }
  }
}

function jsonEqual(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

export function createFakeApi(state: ExecutionState, options: FakeApiOptions): HarnessApi {
  const { limits, childConfigs } = options;
  const violation = (text: string) => state.violations.push(text);

  /**
   * Records the call, checks the limits and runs `effect` if the call is allowed.
   * Returns `undefined` (without running `effect`) for rejected calls.
   */
  function call<R>(method: string, args: unknown[], effect: () => R): R | undefined {
    if (state.ended) {
      return undefined;
    }
    const counted = method !== "log" || limits.countLog;
    if (counted) {
      state.apiCallCount += 1;
    }
    let rejected = false;
    args.forEach((arg, index) => {
      const size = jsonByteLength(arg);
      if (!size.ok) {
        rejected = true;
        violation(`api.${method} argument ${index + 1} is not JSON-serialisable (${size.reason})`);
      } else if (size.bytes > limits.maxArgBytes) {
        rejected = true;
        violation(
          `api.${method} argument ${index + 1} is ${formatBytes(size.bytes)} of JSON, over the limit of ${formatBytes(limits.maxArgBytes)}`,
        );
      }
    });
    if (counted && state.apiCallCount > limits.maxApiCalls) {
      rejected = true;
      state.overLimitCalls.push(method);
    }
    state.apiCalls.push({ method, args: args.map(busCopy), rejected });
    if (rejected) {
      return undefined;
    }
    try {
      return effect();
    } catch (err) {
      violation(`api.${method}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** Trailing `undefined` arguments are not part of the call (keeps recorded args tidy). */
  const trim = (args: unknown[]): unknown[] => {
    const copy = [...args];
    while (copy.length > 0 && copy[copy.length - 1] === undefined) {
      copy.pop();
    }
    return copy;
  };

  const sayLike =
    (method: "say" | "output") =>
    (...args: unknown[]): void => {
      const [text, data] = args;
      call(method, trim(args), () => {
        if (text !== undefined && text !== null && typeof text !== "string") {
          violation(`api.${method} text must be a string, got ${typeof text}`);
        }
        state.outputs.push({
          text: text === undefined || text === null ? undefined : String(text),
          data: busCopy(data),
        });
      });
    };

  const api: HarnessApi = {
    say: sayLike("say"),
    output: sayLike("output"),

    addToContext(key: string, value: unknown, mode?: string): void {
      call("addToContext", trim([key, value, mode]), () => {
        const effectiveMode = mode ?? "simple";
        if (effectiveMode === "simple") {
          setPath(state.context, key, busCopy(value));
        } else if (effectiveMode === "array") {
          const existing = getPath(state.context, key);
          if (Array.isArray(existing)) {
            existing.push(busCopy(value));
          } else if (existing === undefined) {
            setPath(state.context, key, [busCopy(value)]);
          } else {
            setPath(state.context, key, [existing, busCopy(value)]);
          }
        } else {
          throw new Error(`unknown mode ${JSON.stringify(mode)} (expected "simple" or "array")`);
        }
      });
    },

    addToInput(key: string, value: unknown): void {
      call("addToInput", [key, value], () => setPath(state.input, key, busCopy(value)));
    },

    setContext(key: string, value: unknown): void {
      call("setContext", [key, value], () => setPath(state.context, key, busCopy(value)));
    },

    getContext(key: string): unknown {
      return call("getContext", [key], () => busCopy(getPath(state.context, key)));
    },

    deleteContext(key: string): void {
      call("deleteContext", [key], () => deletePath(state.context, key));
    },

    removeFromContext(key: string, value?: unknown, mode?: string): void {
      call("removeFromContext", trim([key, value, mode]), () => {
        const effectiveMode = mode ?? "simple";
        if (effectiveMode === "simple") {
          deletePath(state.context, key);
        } else if (effectiveMode === "array") {
          const existing = getPath(state.context, key);
          if (Array.isArray(existing)) {
            setPath(
              state.context,
              key,
              existing.filter((entry) => !jsonEqual(entry, value)),
            );
          }
        } else {
          throw new Error(`unknown mode ${JSON.stringify(mode)} (expected "simple" or "array")`);
        }
      });
    },

    resetContext(): Promise<JsonObject> {
      call("resetContext", [], () => {
        for (const key of Object.keys(state.context)) {
          delete state.context[key];
        }
      });
      return Promise.resolve({});
    },

    setNextNode(nodeId: string, flowId?: string): void {
      call("setNextNode", trim([nodeId, flowId]), () => {
        const child = childConfigs.find((candidate) => candidate.id === nodeId);
        if (!child && options.requireChildNextNode) {
          const known = childConfigs.map((c) => `${c.type} (${c.id})`).join(", ") || "none";
          violation(
            `api.setNextNode(${JSON.stringify(nodeId)}) is not one of this node's children: ${known}`,
          );
        }
        state.nextNode = { id: nodeId, type: child?.type };
      });
    },

    resetNextNodes(): void {
      call("resetNextNodes", [], () => {
        state.nextNode = undefined;
      });
    },

    stopExecution(): void {
      call("stopExecution", [], () => {
        state.stopped = true;
      });
    },

    log(level: string, text: unknown): void {
      call("log", [level, text], () => {
        if (!(LOG_LEVELS as readonly string[]).includes(level)) {
          violation(`api.log level ${JSON.stringify(level)} is not one of ${LOG_LEVELS.join("|")}`);
        }
        if (typeof text !== "string") {
          violation(`api.log text must be a string, got ${text === null ? "null" : typeof text}`);
        }
        state.logs.push({ level: String(level), text: typeof text === "string" ? text : String(text) });
      });
    },

    updateProfile(key: string, value: unknown): Promise<void> {
      call("updateProfile", [key, value], () => {
        if (typeof key !== "string" || key.length === 0) {
          throw new Error("key must be a non-empty string");
        }
        state.profile[key] = busCopy(value);
      });
      return Promise.resolve();
    },

    think(...args: unknown[]): void {
      call("think", trim(args), () => undefined);
    },

    setSensitiveLoggingSettings(settings: unknown, traceId?: string): void {
      call("setSensitiveLoggingSettings", trim([settings, traceId]), () => {
        state.sensitiveLoggingSettings = busCopy(settings);
      });
    },

    parseCognigyScriptText(textOrExecutionObjects: unknown): unknown {
      if (typeof textOrExecutionObjects === "string") {
        return call("parseCognigyScriptText", [textOrExecutionObjects], () => textOrExecutionObjects);
      }
      // extension-tools 0.14 types it curried: parseCognigyScriptText(executionObjects)(text).
      return (text: string) => call("parseCognigyScriptText", [text], () => text);
    },
  };
  return api;
}

/** Final violation for the call limit, once per run (called by runNode after the execution ended). */
export function callLimitViolation(state: ExecutionState, limits: HarnessLimits): string | undefined {
  if (state.apiCallCount <= limits.maxApiCalls) {
    return undefined;
  }
  const rejected = state.overLimitCalls.map((m) => `api.${m}`).join(", ");
  return (
    `too many api calls: ${state.apiCallCount} counted (limit ${limits.maxApiCalls}` +
    `${limits.countLog ? ", api.log included" : ", api.log not counted"}); ` +
    `calls over the limit had no effect: ${rejected}`
  );
}
