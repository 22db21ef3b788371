/**
 * What the gateway remembers between requests, behind one small interface with two implementations:
 *   - memory (default): this process only; a restart forgets it, another instance never sees it;
 *   - Redis (redisStore.ts, with `redisUrl`): shared by every instance and kept across restarts.
 * Four memories: agent replies delivered (by content id), webhook events handled (by event id), the
 * ambiguous-send ledger of cognigyEndpoint.ts, and the RCE thread → conversation cache.
 */
import { BoundedMap } from "./boundedMap";
import { Dedupe } from "./dedupe";
import type { RememberedSpan } from "./requestTime";

/** The Cognigy Endpoint route a message goes by: shown to the user, or an input to the Flow. */
export type DeliveryRoute = "notify" | "inject";

/** One message to Cognigy across RCE's retries: its route and its key (content id, event id). */
export interface SendKey {
  readonly route: DeliveryRoute;
  readonly message: string;
}

export interface OnceResult {
  value: string;
  duplicate: boolean;
}

/**
 * Runs `work` once per key among everyone sharing the store; its result is remembered only on
 * success, so a failed key runs again on the next retry. A caller that finds the work in flight waits
 * for it (bounded with Redis: then HandledElsewhere). `datedAt` is the request's own date (RCE's
 * clock): what the memory store drops when full moves `remembersSince` up to it.
 */
export interface OnceMemory extends RememberedSpan {
  once(key: string, work: () => Promise<string>, datedAt?: number): Promise<OnceResult>;
}

/**
 * Sends of one message that may have reached Cognigy (cognigyEndpoint.ts). A send is counted before
 * its first byte is written, so a crash while it is in flight leaves it counted.
 */
export interface SendLedger {
  /** Counts a send about to be written; answers the sends of this message so far, this one included. */
  begin(key: SendKey): Promise<number>;
  /** The send begun provably did not reach Cognigy (no connection, or 429/503): not counted after all. */
  undo(key: SendKey): Promise<void>;
  /** Cognigy answered it (2xx, 4xx): the outcome is known, the count is needed no more. */
  forget(key: SendKey): Promise<void>;
}

/** RCE thread id → our thread id (the conversation); a cache: losing it costs one lookup. */
export interface ThreadCache {
  get(rceThreadId: string): Promise<string | undefined>;
  set(rceThreadId: string, foreignId: string): Promise<void>;
}

export interface GatewayStore {
  readonly kind: "memory" | "redis";
  readonly replies: OnceMemory;
  readonly events: OnceMemory;
  readonly sends: SendLedger;
  readonly threads: ThreadCache;
  /** Entries held in this process, by kind (the Redis store keeps them in Redis, not here). */
  localEntries(): Record<string, number>;
  /** Whether the store answers now; the memory store always does. */
  reachable(): Promise<boolean>;
  /** The last known answer of reachable(), without asking (for a gauge). */
  readonly isUp: boolean;
  close(): Promise<void>;
}

/** The store could not be asked or written: nothing was delivered; the caller answers so RCE retries. */
export class StoreUnavailable extends Error {
  readonly code = "store_unavailable";
}

/**
 * Another instance holds the claim on this key and did not finish within the wait: nothing was
 * delivered here. Answered so that RCE retries; the retry finds the other instance's result.
 */
export class HandledElsewhere extends Error {
  readonly code = "handled_elsewhere";
}

/** Failures that mean "try again later, nothing was done": RCE must retry, never give up. */
export function isRetryLater(error: unknown): error is StoreUnavailable | HandledElsewhere {
  return error instanceof StoreUnavailable || error instanceof HandledElsewhere;
}

export const REMEMBER_MS = 24 * 3600_000;

/** The ambiguous-send ledger in process memory, bounded in size and age. */
export class MemorySendLedger implements SendLedger {
  private readonly counts: BoundedMap<number>;

  constructor(maxEntries = 50_000, maxAgeMs = REMEMBER_MS) {
    this.counts = new BoundedMap(maxEntries, maxAgeMs);
  }

  get size(): number {
    return this.counts.size;
  }

  /** The sends counted for `key` (tests and gauges). */
  sent(key: SendKey): number {
    return this.counts.get(entryOf(key)) ?? 0;
  }

  async begin(key: SendKey): Promise<number> {
    const count = this.sent(key) + 1;
    this.counts.set(entryOf(key), count);
    return count;
  }

  async undo(key: SendKey): Promise<void> {
    const count = this.sent(key);
    if (count > 1) this.counts.set(entryOf(key), count - 1);
    else this.counts.delete(entryOf(key));
  }

  async forget(key: SendKey): Promise<void> {
    this.counts.delete(entryOf(key));
  }
}

/** A route is one of two words without a space: the pair cannot collide. */
const entryOf = (key: SendKey) => `${key.route} ${key.message}`;

/** The thread cache in process memory, bounded in size and age. */
export class MemoryThreadCache implements ThreadCache {
  private readonly entries: BoundedMap<string>;

  constructor(maxEntries = 10_000, maxAgeMs = REMEMBER_MS) {
    this.entries = new BoundedMap(maxEntries, maxAgeMs);
  }

  get size(): number {
    return this.entries.size;
  }

  async get(rceThreadId: string): Promise<string | undefined> {
    return this.entries.get(rceThreadId);
  }

  async set(rceThreadId: string, foreignId: string): Promise<void> {
    this.entries.set(rceThreadId, foreignId);
  }
}

export function memoryStore(maxEntries = 50_000): GatewayStore {
  const replies = new Dedupe<string>(maxEntries, REMEMBER_MS);
  const events = new Dedupe<string>(maxEntries, REMEMBER_MS);
  const sends = new MemorySendLedger(maxEntries);
  const threads = new MemoryThreadCache();
  return {
    kind: "memory",
    replies,
    events,
    sends,
    threads,
    localEntries: () => ({
      replies: replies.size,
      events: events.size,
      threads: threads.size,
      ambiguous: sends.size,
    }),
    reachable: async () => true,
    isUp: true,
    close: async () => undefined,
  };
}
