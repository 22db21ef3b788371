/**
 * Webhook events name RCE's own thread id; the conversation is encoded in the thread's foreign_id
 * (our Send API thread id). One GET /content_threads/{id} per thread, then remembered in the store's
 * thread cache (this process, or Redis shared by every instance). A thread RCE did not find is asked
 * for again after a short while: RCE may not have finished importing it.
 */
import type { EngageClient } from "../engage/client";
import { isEngageError } from "../engage/errors";
import { BoundedMap } from "./boundedMap";
import { InFlight } from "./inFlight";
import { MemoryThreadCache, type ThreadCache } from "./store";

const LOOKUP_BUDGET_MS = 5000;
export const NOT_FOUND_TTL_MS = 30_000;

export class ThreadResolver {
  /** Threads RCE did not find, asked for again once their entry has aged out. */
  private readonly notFound: BoundedMap<true>;
  /** Lookups under way in this process: concurrent events of one thread share one GET. */
  private readonly lookups = new InFlight<string>();

  constructor(
    private readonly client: EngageClient,
    maxEntries = 10_000,
    notFoundTtlMs = NOT_FOUND_TTL_MS,
    private readonly cache: ThreadCache = new MemoryThreadCache(maxEntries),
  ) {
    this.notFound = new BoundedMap(maxEntries, notFoundTtlMs);
  }

  /** Threads remembered as not found (short-lived, this process only). */
  get size(): number {
    return this.notFound.size;
  }

  /** Our thread id for RCE's thread id; "" when RCE does not know it or it is not one of ours. */
  async foreignIdOf(rceThreadId: string): Promise<string> {
    if (this.notFound.get(rceThreadId)) return "";
    const cached = await this.cache.get(rceThreadId);
    if (cached !== undefined) return cached;
    return this.lookups.run(rceThreadId, () => this.lookup(rceThreadId)).result;
  }

  private async lookup(rceThreadId: string): Promise<string> {
    try {
      const thread = await this.client.withBudget(LOOKUP_BUDGET_MS).rest.getThread(rceThreadId);
      const foreignId = thread.foreign_id ?? "";
      await this.cache.set(rceThreadId, foreignId);
      return foreignId;
    } catch (error) {
      if (!isEngageError(error) || error.kind !== "not_found") throw error;
      this.notFound.set(rceThreadId, true);
      return "";
    }
  }
}
