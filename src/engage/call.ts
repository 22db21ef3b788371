/**
 * Runs one logical RCE call: attempts within the time budget, retries where they are safe, and turns
 * the final failure into an EngageError whose message says what to fix.
 */
import { backoffDelay } from "../http/backoff";
import { EngageError, type EngageErrorKind } from "./errors";
import type { Redactor } from "./redact";
import {
  type AttemptOutcome,
  isRetryable,
  parseRetryAfter,
  type RetryPolicy,
  type RetrySafety,
} from "./retry";
import type { Budget, Clock } from "./timing";
import { type HttpMethod, type HttpResponse, type Transport, TransportError } from "./transport";

/** Below this, an attempt could not finish anyway: stop instead of sending. */
export const MIN_ATTEMPT_MS = 100;

export type ErrorHints = Partial<Record<EngageErrorKind, string>>;

export interface CallSpec extends RetrySafety {
  /** What the call does, completing "RCE could not …" ("update the thread's categories"). */
  operation: string;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Fix advice per error kind, more specific than the defaults. */
  hints?: ErrorHints;
  /** API-specific reading of an error answer (the Send API's 422 texts); undefined falls back to the default. */
  classify?: (response: HttpResponse) => { kind: EngageErrorKind; hint?: string } | undefined;
}

export interface EngageEvent {
  type: "response" | "retry" | "failure";
  operation: string;
  method: HttpMethod;
  /** URL path without query. */
  path: string;
  attempt: number;
  status?: number;
  failure?: string;
  durationMs: number;
  delayMs?: number;
}

export interface CallStats {
  requests: number;
  retries: number;
}

export interface CallContext {
  transport: Transport;
  clock: Clock;
  budget: Budget;
  policy: RetryPolicy;
  requestTimeoutMs: number;
  redact: Redactor;
  stats: CallStats;
  onEvent?: (event: EngageEvent) => void;
}

const DEFAULT_HINTS: Record<EngageErrorKind, string> = {
  config: "Check the connection settings.",
  auth: "Check the API Access Token in the connection: it must be an active token from RCE Admin > API access tokens (setup step 1).",
  permission:
    "The API Access Token's agent is not allowed to do this: give that agent read and reply permission on the SDK source (setup step 4), or use a token of an agent with more rights.",
  not_found:
    "RCE answers 404 both when the object does not exist and when the API Access Token's agent lacks 'read' on the source: check the ids and the agent's permissions (setup step 4).",
  conflict: "RCE is already processing another change of the same object; try again in a few seconds.",
  validation:
    "RCE rejected the request as invalid: check the ids and values sent (category ids, user id, message) against RCE's message.",
  rate_limited:
    "RCE's rate limit (500 requests per minute) was reached; lower the traffic or try again later.",
  unavailable:
    "RCE is unreachable or failing; check the host in the connection and RCE's status, then try again.",
  timeout: "RCE did not answer in time; try again, or allow a larger time budget.",
  bad_response:
    "The answer did not come from the RCE API as documented; check that Base API URL is the API host (<account>.api.engagement.dimelo.com), not the agent address.",
};

const STATUS_WORDS: Record<number, string> = {
  400: "bad request",
  401: "unauthorized",
  403: "forbidden",
  404: "not found",
  409: "conflict",
  413: "request too large",
  422: "unprocessable",
  429: "too many requests",
  500: "internal error",
  502: "bad gateway",
  503: "service unavailable",
  504: "gateway timeout",
};

export function kindForStatus(status: number): EngageErrorKind {
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  if (status >= 300 && status < 400) return "bad_response";
  return "validation";
}

/** RCE's error body `{error, message, status}`, or a short plain-text reading of whatever came back. */
export function readErrorBody(body: string): { rceError?: string; text?: string } {
  const trimmed = body.trim();
  if (!trimmed) return {};
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed && typeof parsed === "object") {
      const { error, message } = parsed as { error?: unknown; message?: unknown };
      if (
        typeof error === "object" &&
        error &&
        typeof (error as { message?: unknown }).message === "string"
      ) {
        return { text: (error as { message: string }).message };
      }
      return {
        rceError: typeof error === "string" ? error : undefined,
        text: typeof message === "string" ? message : undefined,
      };
    }
  } catch {
    // not JSON: fall through to text
  }
  if (/^\s*</.test(trimmed)) return { text: "an HTML page" };
  return { text: trimmed.replace(/\s+/g, " ").slice(0, 200) };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the configured host";
  }
}

function responseError(
  spec: CallSpec,
  response: HttpResponse,
  attempts: number,
  ctx: CallContext,
): EngageError {
  const special = spec.classify?.(response);
  const kind = special?.kind ?? kindForStatus(response.status);
  const { rceError, text } = readErrorBody(response.body);
  const retryAfterMs = parseRetryAfter(response.headers["retry-after"], ctx.clock.now());
  const statusPart = `${response.status}${STATUS_WORDS[response.status] ? ` ${STATUS_WORDS[response.status]}` : ""}${rceError ? `, ${rceError}` : ""}`;
  const says = text && text !== rceError ? ` RCE says: "${text}".` : "";
  const tried = attempts > 1 ? ` (${attempts} attempts)` : "";
  const wait =
    kind === "rate_limited" && retryAfterMs !== undefined
      ? ` RCE asks to wait ${Math.ceil(retryAfterMs / 1000)} s.`
      : "";
  const hint = special?.hint ?? spec.hints?.[kind] ?? DEFAULT_HINTS[kind];
  const message = ctx.redact(`RCE could not ${spec.operation}: ${statusPart}${tried}.${says}${wait} ${hint}`);
  return new EngageError(kind, message, {
    operation: spec.operation,
    status: response.status,
    rceError,
    attempts,
    retryAfterSeconds: retryAfterMs !== undefined ? Math.ceil(retryAfterMs / 1000) : undefined,
  });
}

function transportError(
  spec: CallSpec,
  failure: TransportError,
  attempts: number,
  timeoutMs: number,
  ctx: CallContext,
): EngageError {
  const tried = attempts > 1 ? ` after ${attempts} attempts` : "";
  const host = hostOf(spec.url);
  let kind: EngageErrorKind = "unavailable";
  let what: string;
  switch (failure.failure) {
    case "timeout":
      kind = "timeout";
      what = `${host} did not answer within ${timeoutMs} ms${tried}.`;
      break;
    case "connect_failed":
      what = `could not connect to ${host} (${failure.code})${tried}.`;
      break;
    case "tls":
      what = `the TLS connection to ${host} failed (${failure.code}): its certificate is not trusted.`;
      break;
    default:
      what = `the connection to ${host} broke (${failure.code})${tried}${spec.idempotent ? "" : "; not retried, since repeating it could create a duplicate"}.`;
  }
  const hint = spec.hints?.[kind] ?? DEFAULT_HINTS[kind];
  return new EngageError(kind, ctx.redact(`RCE could not ${spec.operation}: ${what} ${hint}`), {
    operation: spec.operation,
    attempts,
  });
}

function budgetError(spec: CallSpec, attempts: number, ctx: CallContext, last?: EngageError): EngageError {
  const before = last ? ` Last failure: ${last.message}` : "";
  return new EngageError(
    last?.kind === "rate_limited" ? "rate_limited" : "timeout",
    ctx.redact(
      `RCE could not ${spec.operation}: the time budget ran out${attempts ? ` after ${attempts} attempt(s)` : ""}.${before}`,
    ),
    { ...(last?.details ?? {}), operation: spec.operation, attempts },
  );
}

function outcomeOf(response: HttpResponse | undefined, failure: TransportError | undefined): AttemptOutcome {
  if (response) return { type: "status", status: response.status };
  return { type: failure?.failure ?? "reset" };
}

/** Sends the call and returns the 2xx answer, or throws an EngageError. */
export async function executeCall(spec: CallSpec, ctx: CallContext): Promise<HttpResponse> {
  const path = pathOf(spec.url);
  let lastError: EngageError | undefined;
  for (let attempt = 1; attempt <= ctx.policy.maxAttempts; attempt++) {
    const remaining = ctx.budget.remaining();
    if (remaining < MIN_ATTEMPT_MS) throw budgetError(spec, attempt - 1, ctx, lastError);
    const timeoutMs = Math.min(ctx.requestTimeoutMs, remaining);
    const started = ctx.clock.now();
    ctx.stats.requests++;
    let response: HttpResponse | undefined;
    let failure: TransportError | undefined;
    try {
      response = await ctx.transport({
        method: spec.method,
        url: spec.url,
        headers: spec.headers,
        body: spec.body,
        timeoutMs,
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      failure = error;
    }
    const durationMs = ctx.clock.now() - started;
    if (response && response.status >= 200 && response.status < 300) {
      ctx.onEvent?.({
        type: "response",
        operation: spec.operation,
        method: spec.method,
        path,
        attempt,
        status: response.status,
        durationMs,
      });
      return response;
    }

    lastError = response
      ? responseError(spec, response, attempt, ctx)
      : transportError(spec, failure as TransportError, attempt, timeoutMs, ctx);
    const outcome = outcomeOf(response, failure);
    const event = {
      operation: spec.operation,
      method: spec.method,
      path,
      attempt,
      status: response?.status,
      failure: failure?.code,
      durationMs,
    };
    if (attempt >= ctx.policy.maxAttempts || !isRetryable(outcome, spec)) {
      ctx.onEvent?.({ type: "failure", ...event });
      throw lastError;
    }

    const retryAfterMs = response
      ? parseRetryAfter(response.headers["retry-after"], ctx.clock.now())
      : undefined;
    const delayMs =
      retryAfterMs ??
      backoffDelay(
        attempt,
        response?.status === 429 ? ctx.policy.rateLimitDelayMs : ctx.policy.baseDelayMs,
        ctx.policy.maxDelayMs,
        ctx.clock.random,
      );
    if (delayMs + MIN_ATTEMPT_MS > ctx.budget.remaining()) {
      ctx.onEvent?.({ type: "failure", ...event });
      throw budgetError(spec, attempt, ctx, lastError);
    }
    ctx.onEvent?.({ type: "retry", ...event, delayMs });
    ctx.stats.retries++;
    await ctx.clock.sleep(delayMs);
  }
  throw budgetError(spec, ctx.policy.maxAttempts, ctx, lastError);
}
