/**
 * Fault injection. A rule matches a method (or any) and a path (string prefix or RegExp, tested
 * against the full path, and for strings also against the path below /1.0), applies `times` times
 * (default: always), and either adds latency (stackable) or takes over the answer: a status with
 * a documented-shape error body, a malformed body, a connection reset, or no answer at all.
 */
import { errorBody, JSON_TYPE, type SimResponse, TEXT_TYPE } from "./http";

export type MalformedShape = "truncated-json" | "html" | "wrong-shape" | "empty";

export type FaultAction =
  | {
      kind: "status";
      status: number;
      /** Raw body (string) or JSON value; default the documented error body (plain text on /realtime). */
      body?: string | Record<string, unknown> | unknown[];
      headers?: Record<string, string>;
      /** Identifier and message of the default error body. */
      error?: string;
      message?: string;
    }
  | { kind: "latency"; ms: number }
  | { kind: "malformed"; shape: MalformedShape; status?: number; body?: string }
  | { kind: "reset" }
  | { kind: "hang" };

export interface FaultRuleInput {
  /** HTTP method, case-insensitive; omitted or "*" = any. */
  method?: string;
  path: string | RegExp;
  /** How many matching requests the rule applies to; omitted = every one. */
  times?: number;
  name?: string;
  action: FaultAction;
}

export interface FaultRule {
  readonly id: number;
  readonly name: string;
  readonly method: string;
  readonly path: string | RegExp;
  readonly action: FaultAction;
  /** Applications left (Infinity = always). */
  remaining: number;
  /** How many requests it touched so far. */
  hits: number;
}

export interface FaultOptions {
  times?: number;
  name?: string;
}

export function pathMatches(path: string, pattern: string | RegExp): boolean {
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0;
    return pattern.test(path);
  }
  if (path.startsWith(pattern)) return true;
  return path.startsWith("/1.0/") && path.slice(4).startsWith(pattern);
}

const DEFAULT_ERRORS: Record<number, [string, string]> = {
  400: ["bad_request", "Bad request"],
  401: ["invalid_access_token", "Access token is invalid"],
  403: ["forbidden", "Forbidden"],
  404: ["not_found", "Not found"],
  409: ["conflict", "Conflict"],
  422: ["unprocessable_entity", "Unprocessable entity"],
  429: ["rate_limit_exceeded", "Rate limit exceeded (500 requests per minute max)"],
  500: ["internal_server_error", "Internal server error"],
  502: ["bad_gateway", "Bad gateway"],
  503: ["service_unavailable", "Service unavailable"],
  504: ["gateway_timeout", "Gateway timeout"],
};

export interface FaultDecision {
  latencyMs: number;
  terminal: FaultRule | null;
  names: string[];
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const id = this.nextId++;
    const rule: FaultRule = {
      id,
      name: input.name ?? `${input.action.kind}#${id}`,
      method: (input.method ?? "*").toUpperCase(),
      path: input.path,
      action: input.action,
      remaining: input.times ?? Number.POSITIVE_INFINITY,
      hits: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  /** Answer `status` with the documented error body (or `body`/`headers`, e.g. Retry-After). */
  failWith(
    method: string,
    path: string | RegExp,
    status: number,
    options: FaultOptions & {
      body?: string | Record<string, unknown> | unknown[];
      headers?: Record<string, string>;
      error?: string;
      message?: string;
    } = {},
  ): FaultRule {
    const { times, name, ...rest } = options;
    return this.add({ method, path, times, name, action: { kind: "status", status, ...rest } });
  }

  delay(method: string, path: string | RegExp, ms: number, options: FaultOptions = {}): FaultRule {
    return this.add({ method, path, ...options, action: { kind: "latency", ms } });
  }

  malformed(
    method: string,
    path: string | RegExp,
    shape: MalformedShape,
    options: FaultOptions & { status?: number; body?: string } = {},
  ): FaultRule {
    const { times, name, status, body } = options;
    return this.add({ method, path, times, name, action: { kind: "malformed", shape, status, body } });
  }

  reset(method: string, path: string | RegExp, options: FaultOptions = {}): FaultRule {
    return this.add({ method, path, ...options, action: { kind: "reset" } });
  }

  /** Never answer (the socket stays open until the client gives up or the simulator closes). */
  hang(method: string, path: string | RegExp, options: FaultOptions = {}): FaultRule {
    return this.add({ method, path, ...options, action: { kind: "hang" } });
  }

  remove(rule: FaultRule): void {
    this.rules = this.rules.filter((r) => r !== rule);
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly FaultRule[] {
    return [...this.rules];
  }

  /** Picks the rules for a request and consumes one application of each. */
  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, terminal: null, names: [] };
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.method !== "*" && rule.method !== method.toUpperCase()) continue;
      if (!pathMatches(path, rule.path)) continue;
      if (rule.action.kind === "latency") {
        decision.latencyMs += rule.action.ms;
      } else if (decision.terminal === null) {
        decision.terminal = rule;
      } else {
        continue;
      }
      rule.remaining -= 1;
      rule.hits += 1;
      decision.names.push(rule.name);
    }
    return decision;
  }
}

/** The answer of a `status` fault. */
export function statusFaultResponse(
  action: Extract<FaultAction, { kind: "status" }>,
  path: string,
): SimResponse {
  const headers = { ...(action.headers ?? {}) };
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (typeof action.body === "string") {
    return { status: action.status, headers: { "content-type": TEXT_TYPE, ...lower }, body: action.body };
  }
  if (action.body !== undefined) {
    return {
      status: action.status,
      headers: { "content-type": JSON_TYPE, ...lower },
      body: JSON.stringify(action.body),
    };
  }
  const [error, message] = DEFAULT_ERRORS[action.status] ?? ["error", `HTTP ${action.status}`];
  if (path.startsWith("/realtime/")) {
    return {
      status: action.status,
      headers: { "content-type": TEXT_TYPE, ...lower },
      body: action.message ?? message,
    };
  }
  return {
    status: action.status,
    headers: { "content-type": JSON_TYPE, ...lower },
    body: JSON.stringify(errorBody(action.status, action.error ?? error, action.message ?? message)),
  };
}

/** Turns the real answer into a malformed one. */
export function malformResponse(
  action: Extract<FaultAction, { kind: "malformed" }>,
  real: SimResponse,
): SimResponse {
  const status = action.status ?? 200;
  switch (action.shape) {
    case "truncated-json": {
      const source = real.body.length > 1 ? real.body : '{"count":1,"offset":0,"limit":30,"records":[{"id":"';
      return {
        status,
        headers: { "content-type": JSON_TYPE },
        body: action.body ?? source.slice(0, Math.max(1, Math.floor(source.length / 2))),
      };
    }
    case "html":
      return {
        status,
        headers: { "content-type": "text/html; charset=utf-8" },
        body:
          action.body ??
          "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>" +
            "<body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>\n",
      };
    case "wrong-shape":
      return {
        status,
        headers: { "content-type": JSON_TYPE },
        body: action.body ?? JSON.stringify({ result: "ok", data: null }),
      };
    case "empty":
      return { status, headers: { "content-type": JSON_TYPE }, body: action.body ?? "" };
    default:
      return real;
  }
}
