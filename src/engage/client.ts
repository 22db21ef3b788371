/**
 * The one factory for talking to RCE. It owns the settings, the time budget, the retry policy and
 * the redaction of secrets; callers (the nodes, the gateway, scripts) give it their own budget.
 */
import type { CallContext, CallStats, EngageEvent } from "./call";
import type { Redactor } from "./redact";
import { EngageRestApi } from "./restApi";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import { EngageSendApi } from "./sendApi";
import { type EngageSettings, parseSettings, type RawConnection, redactorFor } from "./settings";
import { Budget, type Clock, systemClock } from "./timing";
import { axiosTransport, type Transport } from "./transport";

/** For callers that set no budget of their own. */
export const DEFAULT_TIME_BUDGET_MS = 15_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

export interface EngageClientOptions {
  /** Overall budget for every call made through this client; ignored when `budget` is given. */
  timeBudgetMs?: number;
  budget?: Budget;
  /** Limit for one HTTP exchange (capped by what is left of the budget). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  transport?: Transport;
  clock?: Clock;
  /** Called for every response, retry and failure; events never contain secrets. */
  onEvent?: (event: EngageEvent) => void;
}

export interface EngageClient {
  readonly settings: EngageSettings;
  readonly rest: EngageRestApi;
  readonly sendApi: EngageSendApi;
  readonly budget: Budget;
  /** Removes the connection's secrets from any text. */
  readonly redact: Redactor;
  /** Requests and retries made so far through this client. */
  stats(): CallStats;
  /** The same client with a fresh time budget (used by the gateway per incoming request). */
  withBudget(ms: number): EngageClient;
}

function isSettings(value: RawConnection | EngageSettings): value is EngageSettings {
  return (
    typeof (value as EngageSettings).baseApiUrl === "string" &&
    typeof (value as EngageSettings).sourceId === "string"
  );
}

/** Parses the connection (throws EngageError "config" naming the bad fields) and builds the client. */
export function createEngageClient(
  connection: RawConnection | EngageSettings,
  options: EngageClientOptions = {},
): EngageClient {
  const settings = isSettings(connection) ? connection : parseSettings(connection);
  const clock = options.clock ?? systemClock;
  const redact = redactorFor(settings);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const stats: CallStats = { requests: 0, retries: 0 };

  const build = (budget: Budget): EngageClient => {
    const context: CallContext = {
      transport: options.transport ?? axiosTransport,
      clock,
      budget,
      policy,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      redact,
      stats,
      onEvent: options.onEvent,
    };
    const getContext = () => context;
    return {
      settings,
      rest: new EngageRestApi(settings, getContext),
      sendApi: new EngageSendApi(settings, getContext),
      budget,
      redact,
      stats: () => ({ ...stats }),
      withBudget: (ms) => build(Budget.start(ms, clock)),
    };
  };
  return build(options.budget ?? Budget.start(options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS, clock));
}
