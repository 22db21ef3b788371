/**
 * update_categories replaces a thread's whole category set, so every change is computed from the
 * current set: other categories (set by rules or agents) are kept.
 */

/** The connection's two categories (the Engage settings carry them). */
export interface HandoverCategories {
  botCategoryId: string;
  agentCategoryId: string;
}

/** Handover: (current − Bot) ∪ Agent ∪ additional. */
export function escalatedCategories(
  current: readonly string[],
  { botCategoryId, agentCategoryId }: HandoverCategories,
  additional: readonly string[],
): string[] {
  return unique([...current.filter((id) => id !== botCategoryId), agentCategoryId, ...additional]);
}

/** Back to the bot: (current − Agent − additional) ∪ Bot. */
export function returnedCategories(
  current: readonly string[],
  { botCategoryId, agentCategoryId }: HandoverCategories,
  additional: readonly string[],
): string[] {
  const removed = new Set([agentCategoryId, ...additional]);
  return unique([...current.filter((id) => !removed.has(id)), botCategoryId]);
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
