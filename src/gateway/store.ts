/**
 * What the gateway remembers between requests, behind one small interface with two implementations:
 *   - memory (default): this process only; a restart forgets it, another instance never sees it;
 *   - Redis (redisStore.ts, with `redisUrl`): shared by every instance and kept across restarts.
 * Four memories: agent replies delivered (by content id), webhook events handled (by event id), the
 * ambiguous-send ledger of cognigyEndpoint.ts, and the RCE thread → conversation cache.
 */
import { BoundedMap } from "./boundedMap";
import { Dedupe } from "./dedupe";

export interface OnceResult {
  value: string;
  duplicate: boolean;
}

/**
 * Runs `work` once per key among everyone sharing the store; its result is remembered only on
 * success, so a failed key runs again on the next retry. A caller that finds the work in flight waits
 * for it (bounded with Redis: then HandledElsewhere).
 */
export interface OnceMemory {
  once(key: string, work: () => Promise<string>): Promise<OnceResult>;
}

/** Sends of one message that may have reached Cognigy, by message key (cognigyEndpoint.ts). */
export interface SendLedger {
  count(key: string): Promise<number>;
  /** Records one more such send; answers the new count. */
  add(key: string): Promise<number>;
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

  async count(key: string): Promise<number> {
    return this.counts.get(key) ?? 0;
  }

  async add(key: string): Promise<number> {
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count;
  }
}

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
