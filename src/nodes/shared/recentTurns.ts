/**
 * Cognigy's `lastConversationEntries`: the last turns of the conversation, `{source: "user" | "bot",
 * text, data?}` oldest first, which Cognigy gives its Code node and its own LLM and handover nodes.
 * Whether a runtime also passes them to extension nodes is not documented (extension-tools' typings
 * do not declare them), so they are read defensively and their absence is reported, never guessed
 * around. A bot turn's rich output (`data._cognigy._default`) is kept: as readable text for the
 * transcript, and as what it offered, so the user's pick can be told from typing.
 */
import { choicesOf, type OfferedChoice, readableOutput } from "../../conversation/cognigyOutputs";
import type { SdkStructuredContent } from "../../engage/types";
import { structuredContentOf } from "./botStructured";

export interface RecentTurn {
  source: "user" | "bot";
  /** What was said, with the bot's rich output as readable text ("Offered: A | B"). */
  text: string;
  /** The bot's own text alone (without the readable rich output). */
  said?: string;
  /** The bot's choices (quick replies, postback buttons). */
  offered?: OfferedChoice[];
  /** The bot's rich output as RCE structured content, where it has such a form. */
  structured?: SdkStructuredContent;
  /** The user's turn picked this choice of the bot turn before it. */
  picked?: OfferedChoice;
}

/** The choice of `offered` that a user's text is: its payload or its title (any case). */
export function pickOf(
  text: string,
  offered: readonly OfferedChoice[] | undefined,
): OfferedChoice | undefined {
  const said = text.trim().toLowerCase();
  if (!said || !offered) return undefined;
  return (
    offered.find((c) => c.payload.toLowerCase() === said) ??
    offered.find((c) => c.title.toLowerCase() === said)
  );
}

/** The entries, or undefined when the runtime gave none (not an array). */
export function recentTurnsOf(value: unknown): RecentTurn[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const turns: RecentTurn[] = [];
  for (const entry of value) {
    if (!entry || typeof entry !== "object") continue;
    const { source, text, data } = entry as Record<string, unknown>;
    const said = typeof text === "string" ? text : "";
    if (source === "user") {
      if (!said.trim()) continue;
      const before = turns.at(-1);
      const picked = before?.source === "bot" ? pickOf(said, before.offered) : undefined;
      turns.push({ source, text: said, ...(picked ? { picked } : {}) });
    } else if (source === "bot") {
      const readable = readableOutput(said, data);
      if (!readable.trim()) continue;
      const offered = choicesOf(data);
      const structured = structuredContentOf(data);
      turns.push({
        source,
        text: readable,
        said: said.trim(),
        ...(offered.length ? { offered } : {}),
        ...(structured ? { structured } : {}),
      });
    }
  }
  return turns;
}

/** The turns before the current input: a final user entry with the input's own text is dropped. */
export function earlierTurns(turns: readonly RecentTurn[], inputText: string): RecentTurn[] {
  const last = turns.at(-1);
  return last?.source === "user" && last.text.trim() === inputText.trim() ? turns.slice(0, -1) : [...turns];
}

/** What the bot said after the user's previous turn (the trailing bot entries), oldest first. */
export function botOutputsSincePreviousTurn(turns: readonly RecentTurn[], inputText: string): RecentTurn[] {
  const earlier = earlierTurns(turns, inputText);
  const outputs: RecentTurn[] = [];
  for (let i = earlier.length - 1; i >= 0 && earlier[i].source === "bot"; i--) outputs.unshift(earlier[i]);
  return outputs;
}
