/**
 * Finds RCE's thread for our Send API thread id. RCE imports Send API messages asynchronously, so a
 * thread posted a moment ago may not be searchable yet: wait with bounded backoff, within the budget.
 */
import type { EngageClient } from "../../engage/client";
import { EngageError, isEngageError } from "../../engage/errors";
import type { RceThread } from "../../engage/types";
import { sameSet } from "./categories";

/** Waits between searches while RCE imports; the last value repeats. */
const IMPORT_WAITS_MS = [150, 300, 600, 1000];
/** Time kept back for the requests that follow the search (update_categories). */
const RESERVE_MS = 1500;

export interface LocateOptions {
  /** RCE thread id remembered from an earlier node. */
  knownRceThreadId?: string;
  /** Longest wait for RCE's import. */
  maxImportWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface LocatedThread {
  thread: RceThread;
  searches: number;
  waitedMs: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function locateThread(
  client: EngageClient,
  threadId: string,
  options: LocateOptions,
): Promise<LocatedThread> {
  const sleep = options.sleep ?? defaultSleep;
  if (options.knownRceThreadId) {
    try {
      const thread = await client.rest.getThread(options.knownRceThreadId);
      if (!thread.foreign_id || thread.foreign_id === threadId) return { thread, searches: 0, waitedMs: 0 };
    } catch (error) {
      if (!isEngageError(error) || error.kind !== "not_found") throw error;
    }
  }
  const started = Date.now();
  let searches = 0;
  for (let attempt = 0; ; attempt++) {
    const found = await client.rest.findThread(threadId);
    searches += found.searches;
    if (found.thread) return { thread: found.thread, searches, waitedMs: Date.now() - started };
    const wait = IMPORT_WAITS_MS[Math.min(attempt, IMPORT_WAITS_MS.length - 1)];
    const waited = Date.now() - started;
    if (waited + wait > options.maxImportWaitMs || client.budget.remaining() < wait + RESERVE_MS) {
      throw new EngageError(
        "timeout",
        `RCE has not imported the conversation yet (searched ${searches} times over ${waited} ms). RCE imports Send API messages asynchronously; if this persists, check that the SDK source is active and its default category is the Bot category (setup step 3), or raise "Wait for RCE's import" in the node's Advanced settings.`,
        { operation: "find the conversation's thread in RCE", attempts: searches },
      );
    }
    await sleep(wait);
  }
}

/**
 * The thread's own categories. RCE documents `thread_category_ids`; should an answer lack it, the
 * aggregated `category_ids` is the closest reading (and `fallback` after a successful update).
 */
export function threadCategories(thread: RceThread, fallback: readonly string[] = []): string[] {
  return thread.thread_category_ids ?? thread.category_ids ?? [...fallback];
}

/**
 * Replaces the thread's categories with `next(current)`; no request when the set is already right
 * (update_categories replaces the whole set, so it is always computed from the current one).
 */
export async function recategorize(
  client: EngageClient,
  thread: RceThread,
  next: (current: readonly string[]) => string[],
): Promise<{ categoryIds: string[]; categoriesChanged: boolean }> {
  const current = threadCategories(thread);
  const target = next(current);
  if (sameSet(current, target)) return { categoryIds: current, categoriesChanged: false };
  const updated = await client.rest.updateThreadCategories(thread.id, target);
  return { categoryIds: threadCategories(updated, target), categoriesChanged: true };
}

/**
 * What handing over and handing back both do: find the conversation's thread (the one remembered in
 * the escalation state first) and set its categories to `next(current)`.
 */
export async function recategorizeConversation(
  client: EngageClient,
  conversation: { threadId: string; state?: { rceThreadId?: string }; maxImportWaitMs: number },
  next: (current: readonly string[]) => string[],
): Promise<LocatedThread & { categoryIds: string[]; categoriesChanged: boolean }> {
  const located = await locateThread(client, conversation.threadId, {
    knownRceThreadId: conversation.state?.rceThreadId,
    maxImportWaitMs: conversation.maxImportWaitMs,
  });
  return { ...located, ...(await recategorize(client, located.thread, next)) };
}
