/**
 * Assertion helpers for harness results.
 */
import type { HarnessResult } from "./types";

function describeViolations(result: HarnessResult): string {
  const lines = result.violations.map((violation, index) => `  ${index + 1}. ${violation}`);
  const header = `node "${result.nodeType}" broke ${result.violations.length} Cognigy platform rule(s):`;
  const stack = result.error?.stack ? `\nuncaught error stack:\n${result.error.stack}` : "";
  return `${header}\n${lines.join("\n")}${stack}`;
}

/** Thrown by `runNodeStrict` / `expectNoViolations`; carries the full result for inspection. */
export class HarnessViolationError extends Error {
  readonly violations: readonly string[];
  readonly result: HarnessResult;

  constructor(result: HarnessResult) {
    super(describeViolations(result));
    this.name = "HarnessViolationError";
    this.violations = [...result.violations];
    this.result = result;
  }
}

/** Throws a readable error if the run broke any platform rule (call limit, size, timeout, exception...). */
export function expectNoViolations(result: HarnessResult): void {
  if (result.violations.length > 0) {
    throw new HarnessViolationError(result);
  }
}

type Serialised = null | boolean | number | string | Serialised[] | { [key: string]: Serialised };

function serialiseError(error: Error, seen: WeakSet<object>): Serialised {
  const out: { [key: string]: Serialised } = {
    name: error.name,
    message: error.message,
    stack: error.stack ?? null,
  };
  // Own properties too: HTTP client errors often carry request config (headers!) here.
  for (const key of Object.keys(error)) {
    out[key] = toSerialisable((error as unknown as Record<string, unknown>)[key], seen);
  }
  const cause: unknown = (error as Error & { cause?: unknown }).cause;
  if (cause !== undefined) {
    out.cause = toSerialisable(cause, seen);
  }
  return out;
}

/** Converts anything (cycles, errors, functions, bigint, Map/Set) into plain JSON data. */
function toSerialisable(value: unknown, seen: WeakSet<object>): Serialised {
  if (value === null || value === undefined) {
    return null;
  }
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value.toString();
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
    default:
      break;
  }
  const obj = value as object;
  if (seen.has(obj)) {
    return "[Circular]";
  }
  seen.add(obj);
  try {
    if (obj instanceof Error) {
      return serialiseError(obj, seen);
    }
    if (Buffer.isBuffer(obj)) {
      return obj.toString("utf8");
    }
    if (obj instanceof Date) {
      return obj.toISOString();
    }
    if (obj instanceof Map) {
      return [...obj.entries()].map(([k, v]) => [toSerialisable(k, seen), toSerialisable(v, seen)]);
    }
    if (obj instanceof Set || Array.isArray(obj)) {
      return [...obj].map((entry) => toSerialisable(entry, seen));
    }
    const out: { [key: string]: Serialised } = {};
    for (const [key, entry] of Object.entries(obj)) {
      out[key] = toSerialisable(entry, seen);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/**
 * Everything a node made observable (outputs, logs, context, input, profile, api call arguments, the next
 * node, violations and the uncaught error with its message, stack, own properties and causes) as one JSON
 * string, so a secret-leak test can search a single string.
 *
 * Note: it is JSON, so a secret containing `"` or `\` appears escaped; use secrets without them.
 */
export function allText(result: HarnessResult): string {
  return JSON.stringify(
    toSerialisable(
      {
        outputs: result.outputs,
        logs: result.logs,
        context: result.context,
        input: result.input,
        profile: result.profile,
        apiCalls: result.apiCalls,
        nextNode: result.nextNode,
        violations: result.violations,
        error: result.error,
        sensitiveLoggingSettings: result.sensitiveLoggingSettings,
      },
      new WeakSet<object>(),
    ),
  );
}
