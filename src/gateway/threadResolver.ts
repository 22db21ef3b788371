/**
 * Webhook events name RCE's own thread id; the conversation is encoded in the thread's foreign_id
 * (our Send API thread id). One GET /content_threads/{id} per thread, then remembered. A thread RCE
 * did not find is asked for again after a short while: RCE may not have finished importing it.
 */
import type { EngageClient } from "../engage/client";
import { isEngageError } from "../engage/errors";
import { Dedupe } from "./dedupe";

const LOOKUP_BUDGET_MS = 5000;
export const NOT_FOUND_TTL_MS = 30_000;

export class ThreadResolver {
  private readonly cache: Dedupe<string>;
  private readonly notFound = new Map<string, number>();

  constructor(
    private readonly client: EngageClient,
    private readonly maxEntries = 10_000,
    private readonly notFoundTtlMs = NOT_FOUND_TTL_MS,
  ) {
    this.cache = new Dedupe<string>(maxEntries, 24 * 3600_000);
  }

  get size(): number {
    return this.cache.size + this.notFound.size;
  }

  /** Our thread id for RCE's thread id; "" when RCE does not know it or it is not one of ours. */
  async foreignIdOf(rceThreadId: string): Promise<string> {
    const missedAt = this.notFound.get(rceThreadId);
    if (missedAt !== undefined) {
      if (Date.now() - missedAt < this.notFoundTtlMs) return "";
      this.notFound.delete(rceThreadId);
    }
    try {
      const { value } = await this.cache.once(rceThreadId, async () => {
        const thread = await this.client.withBudget(LOOKUP_BUDGET_MS).rest.getThread(rceThreadId);
        return thread.foreign_id ?? "";
      });
      return value;
    } catch (error) {
      if (!isEngageError(error) || error.kind !== "not_found") throw error;
      this.notFound.set(rceThreadId, Date.now());
      while (this.notFound.size > this.maxEntries) {
        const oldest = this.notFound.keys().next().value;
        if (oldest === undefined) break;
        this.notFound.delete(oldest);
      }
      return "";
    }
  }
}
