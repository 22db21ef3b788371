/**
 * An optional transcript posted before the escalation message, for flows that did not mirror their
 * earlier turns. One readable message (split only above RCE's 20,000-character body limit).
 */
import { EngageError } from "../../engage/errors";
import { MAX_BODY_CHARS, splitBody } from "../shared/messages";
import { validatorFor } from "../shared/validators";

export interface TranscriptEntry {
  source: "user" | "bot" | "agent";
  text: string;
  timestamp?: string | number;
}

const validate = validatorFor<TranscriptEntry[]>("transcript");
const MAX_PARTS = 5;
const MAX_ENTRY_CHARS = 2000;
const WHO: Record<TranscriptEntry["source"], string> = { user: "Customer", bot: "Bot", agent: "Agent" };

/** Accepts the json field's value: an array, JSON text of one, or nothing. */
export function parseTranscript(value: unknown): TranscriptEntry[] {
  if (value === undefined || value === null || value === "") return [];
  let data = value;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value);
    } catch {
      throw new EngageError(
        "config",
        'Transcript is not valid JSON: use a list like [{"source": "user", "text": "Hi"}, {"source": "bot", "text": "Hello!"}].',
        {
          fields: ["Transcript to post first"],
        },
      );
    }
  }
  const result = validate(data);
  if (!result.ok) {
    throw new EngageError(
      "config",
      `Transcript to post first: ${result.problems.slice(0, 2).join("; ")}. Each entry needs "source" (user, bot or agent) and "text".`,
      {
        fields: ["Transcript to post first"],
      },
    );
  }
  return result.value.filter((entry) => entry.text.trim() !== "");
}

function time(timestamp: TranscriptEntry["timestamp"]): string {
  if (timestamp === undefined) return "";
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? "" : `[${date.toISOString().slice(11, 16)}] `;
}

export interface RenderedTranscript {
  bodies: string[];
  /** Oldest lines left out because the transcript exceeded MAX_PARTS messages. */
  omittedLines: number;
}

/** Keeps the newest lines when the whole transcript would not fit in MAX_PARTS messages, and says so. */
export function renderTranscript(entries: readonly TranscriptEntry[]): RenderedTranscript {
  if (entries.length === 0) return { bodies: [], omittedLines: 0 };
  const lines = entries.map((e) => {
    const text = e.text.length > MAX_ENTRY_CHARS ? `${e.text.slice(0, MAX_ENTRY_CHARS - 1)}…` : e.text;
    return `${time(e.timestamp)}${WHO[e.source]}: ${text}`;
  });
  const room = MAX_PARTS * MAX_BODY_CHARS - 200;
  let first = lines.length;
  for (let used = 0; first > 0 && used + lines[first - 1].length + 1 <= room; first--)
    used += lines[first - 1].length + 1;
  const header =
    first > 0
      ? `Conversation with the bot before the handover (${first} earlier lines left out):`
      : "Conversation with the bot before the handover:";
  return {
    bodies: splitBody(`${header}\n${lines.slice(first).join("\n")}`).slice(0, MAX_PARTS),
    omittedLines: first,
  };
}
