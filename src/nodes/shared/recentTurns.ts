/**
 * Cognigy's `lastConversationEntries`: the last turns of the conversation, `{source: "user" | "bot",
 * text}` oldest first, which Cognigy gives its Code node and its own LLM and handover nodes. Whether
 * a runtime also passes them to extension nodes is not documented (extension-tools' typings do not
 * declare them), so they are read defensively and their absence is reported, never guessed around.
 */

export interface RecentTurn {
  source: "user" | "bot";
  text: string;
}

/** The entries, or undefined when the runtime gave none (not an array). */
export function recentTurnsOf(value: unknown): RecentTurn[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((entry): RecentTurn[] => {
    if (!entry || typeof entry !== "object") return [];
    const { source, text } = entry as Record<string, unknown>;
    if ((source !== "user" && source !== "bot") || typeof text !== "string" || !text.trim()) return [];
    return [{ source, text }];
  });
}

/** The turns before the current input: a final user entry with the input's own text is dropped. */
export function earlierTurns(turns: readonly RecentTurn[], inputText: string): RecentTurn[] {
  const last = turns.at(-1);
  return last?.source === "user" && last.text.trim() === inputText.trim() ? turns.slice(0, -1) : [...turns];
}

/** What the bot said after the user's previous turn (the trailing bot entries), oldest first. */
export function botOutputsSincePreviousTurn(turns: readonly RecentTurn[], inputText: string): string[] {
  const earlier = earlierTurns(turns, inputText);
  const outputs: string[] = [];
  for (let i = earlier.length - 1; i >= 0 && earlier[i].source === "bot"; i--)
    outputs.unshift(earlier[i].text);
  return outputs;
}
