/**
 * Handover to RCE, its arguments: the node's config and the conversation read into the handover's
 * typed arguments. Every wrong field is reported at once, each by the label the builder sees.
 */
import { conversationThread } from "../../cognigy/conversation";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { EngageError } from "../../engage/errors";
import type { ProfileNodeSettings } from "../../profile/options";
import { noteText } from "../shared/agentBrief";
import { botAuthor, customerAuthor } from "../shared/authors";
import { readEscalationState } from "../shared/escalationState";
import { type IdentityConfig, type ImportWaitConfig, identitiesOf, importWaitOf } from "../shared/fields";
import { attachmentsOf } from "../shared/messages";
import { isMirrored } from "../shared/mirroring";
import { readConfig } from "../shared/readConfig";
import { earlierTurns, recentTurnsOf } from "../shared/recentTurns";
import { validatorFor } from "../shared/validators";
import type { HandoverNodeArgs } from "./handover";
import { parseTranscript, type TranscriptEntry } from "./transcript";

export const DEFAULT_MESSAGE_TO_AGENT = "The customer asked to talk to an agent.";

export interface HandoverConfig
  extends BaseNodeConfig,
    ProfileNodeSettings,
    IdentityConfig,
    ImportWaitConfig {
  waitingMessage?: string;
  cancelButton?: string;
  messageToAgent?: string;
  additionalCategoryIds?: unknown;
  checkAvailability?: boolean;
  transcript?: unknown;
  transcriptFromRecentTurns?: boolean;
  summary?: string;
  reason?: string;
  priority?: string;
  language?: string;
  requireLanguage?: boolean;
  customFields?: unknown;
}

const LANGUAGE = /^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})?$/;
const CUSTOM_FIELD_KEY = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_CUSTOM_FIELDS = 30;

/** The routing attributes as the node's fields give them; every problem at once, each field named. */
function routingAttributes(config: HandoverConfig): {
  language?: string;
  priority?: string;
  customFields?: Record<string, string>;
} {
  const problems: string[] = [];
  const fields: string[] = [];
  const language = config.language?.trim() || undefined;
  if (language && !LANGUAGE.test(language)) {
    problems.push(`Language must be a locale such as "en" or "de-CH", not "${language.slice(0, 20)}"`);
    fields.push("Language");
  }
  const priority = config.priority?.trim() || undefined;
  if (priority && (priority.length > 50 || !/^[A-Za-z0-9 _-]+$/.test(priority))) {
    problems.push("Priority must be a short word or number (letters, digits, space, _ or -, at most 50)");
    fields.push("Priority");
  }
  let raw: unknown = config.customFields;
  if (typeof raw === "string") {
    try {
      raw = raw.trim() ? JSON.parse(raw) : {};
    } catch {
      raw = null;
    }
  }
  let customFields: Record<string, string> | undefined;
  if (raw !== undefined && raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    const entries = Object.entries(raw as Record<string, unknown>);
    const bad = entries.filter(
      ([k, v]) => !CUSTOM_FIELD_KEY.test(k) || !["string", "number", "boolean"].includes(typeof v),
    );
    if (bad.length || entries.length > MAX_CUSTOM_FIELDS) {
      problems.push(
        `Intervention custom fields must map at most ${MAX_CUSTOM_FIELDS} custom field keys (letters, digits, _ or -) to text${bad.length ? `; not: ${bad.map(([k]) => `"${k.slice(0, 64)}"`).join(", ")}` : ""}`,
      );
      fields.push("Intervention custom fields");
    } else if (entries.length) customFields = Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
  } else if (raw !== undefined) {
    problems.push('Intervention custom fields must be a JSON object such as {"order_number": "1234"}');
    fields.push("Intervention custom fields");
  }
  if (problems.length) throw new EngageError("config", `${problems.join(". ")}.`, { fields });
  return { language, priority, customFields };
}

/**
 * The transcript to post: the field's, else (when the conversation was not mirrored) Cognigy's
 * recent turns before this input, and where it came from.
 */
function transcriptFor(
  config: HandoverConfig,
  mirrored: boolean,
  lastConversationEntries: unknown,
  inputText: string,
): { entries: TranscriptEntry[]; source: string } {
  const given = parseTranscript(config.transcript);
  if (given.length > 0) return { entries: given, source: "field" };
  if (config.transcriptFromRecentTurns === false) return { entries: [], source: "none (switched off)" };
  if (mirrored) return { entries: [], source: "none (RCE already has the mirrored conversation)" };
  const turns = recentTurnsOf(lastConversationEntries);
  if (!turns)
    return {
      entries: [],
      source:
        "none (this Cognigy runtime gives extension nodes no lastConversationEntries; use the Transcript field)",
    };
  const entries = earlierTurns(turns, inputText).map((t) => ({
    source: t.source,
    // A choice the user tapped reads as a pick, not as typed words.
    text: t.picked ? `Picked: ${t.picked.title}` : t.text,
  }));
  return { entries, source: "recent turns" };
}

const validateCategoryIds = validatorFor<string[]>("categoryIdList");

function additionalCategories(value: unknown): string[] {
  const list = typeof value === "string" ? value.split(/[,\s]+/).filter(Boolean) : (value ?? []);
  const result = validateCategoryIds(list);
  if (!result.ok) {
    throw new EngageError(
      "config",
      "Additional category ids must be RCE category ids (letters and digits, from …/admin/categories/<CATEGORY_ID>/edit), at most 20.",
      {
        fields: ["Additional category ids"],
      },
    );
  }
  return [...new Set(result.value)];
}

export function handoverArguments({
  config,
  input,
  profile,
  context,
  lastConversationEntries,
}: NodeRun<HandoverConfig>): HandoverNodeArgs {
  const { conversation, threadId } = conversationThread(input);
  const now = new Date();
  const text = typeof input.text === "string" ? input.text.trim() : "";
  const { transcript, routing, customer, additionalCategoryIds } = readConfig({
    transcript: () => transcriptFor(config, isMirrored(context, threadId), lastConversationEntries, text),
    routing: () => routingAttributes(config),
    customer: () => customerAuthor(profile, config, conversation.userId, now),
    additionalCategoryIds: () => additionalCategories(config.additionalCategoryIds),
  });
  const note = noteText(config.summary?.trim() ?? "", config.reason?.trim() ?? "");
  return {
    handover: {
      threadId,
      inputId: conversation.inputId ?? now.toISOString(),
      customer,
      bot: botAuthor(identitiesOf(config), now),
      messageToAgent: config.messageToAgent?.trim() || text || DEFAULT_MESSAGE_TO_AGENT,
      messageIsUserText: !config.messageToAgent?.trim() && !!text,
      attachments: attachmentsOf(input),
      additionalCategoryIds,
      transcript: transcript.entries,
      checkAvailability: config.checkAvailability === true,
      language: routing.language,
      requireLanguage: config.requireLanguage === true,
      priority: routing.priority,
      brief: {
        ...(note ? { note } : {}),
        ...(routing.customFields ? { customFields: routing.customFields } : {}),
      },
      state: readEscalationState(context, threadId),
      maxImportWaitMs: importWaitOf(config),
    },
    transcriptSource: transcript.source,
    waitingMessage: config.waitingMessage?.trim() || undefined,
    cancelButton: config.cancelButton,
  };
}
