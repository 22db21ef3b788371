/**
 * Webhook events name RCE's own thread id; the conversation is encoded in the thread's foreign_id
 * (our Send API thread id). One GET /content_threads/{id} per thread, then remembered.
 */
import type { EngageClient } from "../engage/client";
import { isEngageError } from "../engage/errors";
import { Dedupe } from "./dedupe";

const LOOKUP_BUDGET_MS = 5000;

export class ThreadResolver {
  private readonly cache: Dedupe<string>;

  constructor(
    private readonly client: EngageClient,
    maxEntries = 10_000,
  ) {
    this.cache = new Dedupe<string>(maxEntries, 24 * 3600_000);
  }

  /** Our thread id for RCE's thread id; "" when RCE does not know it or it is not one of ours. */
  async foreignIdOf(rceThreadId: string): Promise<string> {
    const { value } = await this.cache.once(rceThreadId, async () => {
      try {
        const thread = await this.client.withBudget(LOOKUP_BUDGET_MS).rest.getThread(rceThreadId);
        return thread.foreign_id ?? "";
      } catch (error) {
        if (isEngageError(error) && error.kind === "not_found") return "";
        throw error;
      }
    });
    return value;
  }
}
