/**
 * Delivery into the Cognigy conversation through the Endpoint's REST routes:
 *   POST {endpoint}/notify/{URLToken}  — a message the user sees (agent replies)
 *   POST {endpoint}/inject/{URLToken}  — an input the Flow runs on, not shown to the user (events)
 * with {userId, sessionId, text, data}.
 *
 * Never a duplicate: a request is repeated at once only when it provably did not reach Cognigy (no
 * connection could be made, or Cognigy answered 429/503, i.e. declined it). A timeout or a reset
 * after the request was sent and before its status line came, or another 5xx, is ambiguous: it may
 * have arrived. Such a delivery is not repeated here; a message key remembers it, and the caller's
 * later retry (RCE's) may send it once more. After two ambiguous sends the key is refused: at most
 * twice when Cognigy hangs, exactly once when it answers. The status line is the answer: what the
 * body does afterwards (late, never finished, cut off) changes nothing.
 */

import Pool = require("undici/lib/dispatcher/pool");

import type { FlowMessage } from "../conversation/events";
import type { ConversationAddress } from "../conversation/threadId";
import { backoffDelay } from "../http/backoff";
import { type DeliveryRoute, MemorySendLedger, type SendKey, type SendLedger } from "./store";

export interface DeliveryPolicy {
  /** Tries within one call, only while the request provably did not reach Cognigy. */
  attempts: number;
  /**
   * Per try: wait this long for a free connection (an expiry: provably not sent), and, once written,
   * as long again for Cognigy's status line; a slow Cognigy must fit in it (an expiry is ambiguous).
   */
  timeoutMs: number;
  backoffMs: number;
}

export const DEFAULT_DELIVERY: DeliveryPolicy = { attempts: 3, timeoutMs: 20_000, backoffMs: 300 };

/** Sends of one message that may have arrived; past this it is never sent again. */
export const MAX_AMBIGUOUS_SENDS = 2;

export type DeliveryOutcome =
  | "delivered"
  /** Provably not arrived (no connection, 429/503) after every try: safe to try again later. */
  | "not_delivered"
  /** May have arrived (timeout or reset after sending, other 5xx). */
  | "ambiguous"
  /** Cognigy refused it (4xx): retrying cannot help. */
  | "rejected"
  /** Sent MAX_AMBIGUOUS_SENDS times without an answer: not sent again. */
  | "gave_up"
  | "invalid_address";

export type DeliveryResult =
  | { ok: true; status: number; outcome: "delivered" }
  | { ok: false; reason: string; outcome: Exclude<DeliveryOutcome, "delivered"> };

/** Outcomes after which the caller's retry cannot help: RCE is told to stop (fatal, or 200 for webhooks). */
const FINAL: ReadonlySet<DeliveryOutcome> = new Set(["rejected", "gave_up", "invalid_address"]);

export function isFinal(result: DeliveryResult): boolean {
  return FINAL.has(result.outcome);
}

/** What is sent: the Flow's handover event (conversation/events.ts) and, for replies, the text. */
export type CognigyMessage = FlowMessage;

export type DeliveryObserver = (route: DeliveryRoute, outcome: DeliveryOutcome, seconds: number) => void;

/**
 * A URLToken becomes a path segment: "." and ".." would move the request to another route, so only
 * a conservative token shape is sent. Cognigy's tokens are hex strings.
 */
const URL_TOKEN = /^[A-Za-z0-9][A-Za-z0-9_~.-]{0,255}$/;

export function isValidUrlToken(token: string): boolean {
  return URL_TOKEN.test(token);
}

type PostResult = { status: number } | { error: string; connected: boolean };

/** Sockets to Cognigy kept open (keep-alive): one TLS handshake, not one per agent reply. */
const CONNECTIONS = 64;

/**
 * One request through undici (node:http cost the gateway a third more CPU per reply). `connected` says
 * whether the request went out on a connection: undici starts a request (onRequestStart) just
 * before writing it, so a request that failed or timed out before that provably did not arrive.
 * Two waits of `timeoutMs` each: for a connection (all 64 busy: it is dropped unsent, provably not
 * arrived), and, from the moment it is written, for the status line — a request written just before
 * a shared deadline would be "maybe arrived" although Cognigy answers at once.
 * It settles when the status line arrives: Cognigy has answered then. The body is read and dropped
 * on its own (bounded by bodyTimeout), so a late, endless or broken body is never taken for a timeout.
 */
function post(
  pool: Pool,
  headers: Record<string, string>,
  path: string,
  method: "POST" | "GET",
  body: string,
  timeoutMs: number,
): Promise<PostResult> {
  return new Promise((resolve) => {
    let written: { abort(reason: Error): void } | undefined;
    let settled = false;
    const settle = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    // One timer for both waits, restarted when the request is written. Before that: no connection
    // within the wait, dropped unsent (onRequestStart aborts it); after: no status line in time.
    const timer = setTimeout(() => {
      settle({ error: "TimeoutError", connected: written !== undefined });
      written?.abort(new Error("timed out"));
    }, timeoutMs);
    try {
      pool.dispatch(
        {
          path,
          method,
          headers,
          body: method === "POST" ? body : undefined,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        {
          onRequestStart(started) {
            // Given up while it waited for a connection: it is dropped before a byte is written.
            if (settled) return started.abort(new Error("timed out"));
            written = started;
            timer.refresh();
          },
          onResponseStart(_controller, statusCode) {
            settle({ status: statusCode });
          },
          onResponseData() {},
          onResponseEnd() {},
          onResponseError(_controller, error: Error & { code?: string }) {
            // After the status line this changes nothing (settled): the answer is already in.
            settle({ error: error.code ?? error.name, connected: written !== undefined });
          },
        },
      );
    } catch (error) {
      settle({ error: (error as Error).name, connected: false });
    }
  });
}

/**
 * The longest one delivery may take: each try waits for a connection and then for the status line
 * (`timeoutMs` each), with the backoff between tries. A Redis claim lives longer than this.
 */
export function deliveryBudgetMs(policy: DeliveryPolicy): number {
  return policy.attempts * (2 * policy.timeoutMs + policy.backoffMs * 8);
}

export class CognigyEndpoint {
  private lastAnswerAt = 0;
  private lastUnreachableAt = 0;
  private probing: Promise<void> | undefined;
  private readonly pool: Pool;
  /** The endpoint's path without a trailing slash (Cognigy's endpoint URLs carry no query). */
  private readonly basePath: string;
  /** Credentials written into the endpoint URL (user:password@host) go as Basic authorization. */
  private readonly headers: Record<string, string>;
  /** The same, with the JSON content type: made once, undici only reads it. */
  private readonly jsonHeaders: Record<string, string>;

  constructor(
    baseUrl: string,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY,
    private readonly observe: DeliveryObserver = () => undefined,
    /** Where sends that may have arrived are counted: this process, or Redis shared by every instance. */
    private readonly ledger: SendLedger = new MemorySendLedger(),
    /** Connection options for undici (tests give a connector that never connects). */
    poolOptions: Pool.Options = {},
  ) {
    const url = new URL(baseUrl);
    this.pool = new Pool(url.origin, { connections: CONNECTIONS, ...poolOptions });
    this.basePath = url.pathname.replace(/\/+$/, "");
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    this.headers =
      url.username || url.password
        ? { authorization: `Basic ${Buffer.from(credentials).toString("base64")}` }
        : {};
    this.jsonHeaders = { ...this.headers, "content-type": "application/json" };
  }

  /** Closes the connections to Cognigy: requests in flight may finish within `graceMs`. */
  async close(graceMs = 5000): Promise<void> {
    if (this.pool.closed || this.pool.destroyed) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.pool.close(), grace]);
    clearTimeout(timer);
    if (!this.pool.destroyed) await this.pool.destroy();
  }

  /** `key` names the message across retries (RCE's content id, the event id); none: no ledger. */
  notify(address: ConversationAddress, message: CognigyMessage, key?: string): Promise<DeliveryResult> {
    return this.deliver("notify", address, message, key);
  }

  inject(address: ConversationAddress, message: CognigyMessage, key?: string): Promise<DeliveryResult> {
    return this.deliver("inject", address, message, key);
  }

  /**
   * Whether Cognigy answered lately (any HTTP status counts: it is there). Without news for
   * `freshMs` it is asked with a GET on the endpoint's base URL.
   */
  async reachable(freshMs = 30_000, probeTimeoutMs = 3000): Promise<boolean> {
    const latest = Math.max(this.lastAnswerAt, this.lastUnreachableAt);
    if (Date.now() - latest > freshMs) {
      this.probing ??= post(this.pool, this.headers, this.basePath || "/", "GET", "", probeTimeoutMs)
        .then((result) => this.record(result))
        .finally(() => {
          this.probing = undefined;
        });
      await this.probing;
    }
    return this.lastAnswerAt >= this.lastUnreachableAt;
  }

  private record(result: PostResult): void {
    if ("status" in result) this.lastAnswerAt = Date.now();
    else this.lastUnreachableAt = Date.now();
  }

  private async deliver(
    route: DeliveryRoute,
    address: ConversationAddress,
    message: CognigyMessage,
    key: string | undefined,
  ): Promise<DeliveryResult> {
    const started = process.hrtime.bigint();
    const result = await this.attempt(route, address, message, key);
    this.observe(route, result.outcome, Number(process.hrtime.bigint() - started) / 1e9);
    return result;
  }

  private async attempt(
    route: DeliveryRoute,
    address: ConversationAddress,
    message: CognigyMessage,
    key: string | undefined,
  ): Promise<DeliveryResult> {
    if (!address.URLToken)
      return { ok: false, outcome: "invalid_address", reason: "the conversation has no Cognigy URLToken" };
    if (!isValidUrlToken(address.URLToken))
      return {
        ok: false,
        outcome: "invalid_address",
        reason: "the conversation's Cognigy URLToken is not a valid token",
      };
    const sendKey: SendKey | undefined = key ? { route, message: key } : undefined;
    // Counted before a byte is written: a crash while the request is in flight leaves it counted.
    let sends = 1;
    try {
      if (sendKey) sends = await this.ledger.begin(sendKey);
    } catch (error) {
      // Without the ledger a send could exceed the bound: nothing is sent, the caller retries later.
      return { ok: false, outcome: "not_delivered", reason: (error as Error).message };
    }
    if (sends > MAX_AMBIGUOUS_SENDS)
      return {
        ok: false,
        outcome: "gave_up",
        reason: `Cognigy did not answer ${MAX_AMBIGUOUS_SENDS} sends of this message on /${route}; it may have arrived, so it is not sent again`,
      };
    const path = `${this.basePath}/${route}/${encodeURIComponent(address.URLToken)}`;
    const body = JSON.stringify({
      userId: address.userId,
      sessionId: address.sessionId,
      text: message.text,
      data: message.data,
    });
    // Without a key nothing is counted: every ambiguous send is the last one.
    const ambiguous = (reason: string): DeliveryResult => ({
      ok: false,
      outcome: !sendKey || sends >= MAX_AMBIGUOUS_SENDS ? "gave_up" : "ambiguous",
      reason: `${reason}; it may have arrived, so it is not repeated now`,
    });
    let reason = "";
    for (let attempt = 1; attempt <= this.policy.attempts; attempt++) {
      const result = await post(this.pool, this.jsonHeaders, path, "POST", body, this.policy.timeoutMs);
      this.record(result);
      if ("status" in result) {
        const { status } = result;
        if (status >= 200 && status < 300) {
          this.forget(sendKey);
          return { ok: true, status, outcome: "delivered" };
        }
        reason = `Cognigy answered ${status} on /${route}`;
        if (status >= 400 && status < 500 && status !== 429 && status !== 408) {
          this.forget(sendKey);
          return { ok: false, outcome: "rejected", reason };
        }
        // 429 and 503 decline the request; anything else may have been acted on.
        if (status !== 429 && status !== 503) return ambiguous(reason);
      } else {
        reason = `Cognigy endpoint unreachable on /${route} (${result.error})`;
        if (result.connected) return ambiguous(`${reason} after the request was sent`);
      }
      if (attempt < this.policy.attempts) {
        const delay = backoffDelay(attempt, this.policy.backoffMs, this.policy.backoffMs * 8, Math.random);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    // Provably not arrived: not a send. If the ledger cannot be told, it counts one send too many
    // (the message may be given up one send early), never one too few.
    if (sendKey) await this.ledger.undo(sendKey).catch(() => undefined);
    return { ok: false, outcome: "not_delivered", reason };
  }

  /**
   * Cognigy answered: the message's count is needed no more. Not waited for: a count left behind
   * (the store away) costs only memory until it expires; the caller records the outcome itself.
   */
  private forget(sendKey: SendKey | undefined): void {
    if (sendKey) this.ledger.forget(sendKey).catch(() => undefined);
  }
}
