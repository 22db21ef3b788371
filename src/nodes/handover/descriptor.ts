import { conversationThread } from "../../cognigy/conversation";
import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { EngageError } from "../../engage/errors";
import type { ProfileNodeSettings } from "../../profile/options";
import { noteText } from "../shared/agentBrief";
import { botAuthor, customerAuthor } from "../shared/authors";
import { cancelButtonField, cancelQuickReply } from "../shared/cancelButton";
import { ESCALATION_STATE_KEY, readEscalationState } from "../shared/escalationState";
import {
  botFields,
  type IdentityConfig,
  type ImportWaitConfig,
  identitiesOf,
  importWaitOf,
  maxImportWaitField,
  PROFILE_SECTION_FIELDS,
  profileFields,
} from "../shared/fields";
import { inputHandover, inputHandoverOnError } from "../shared/inputHandover";
import { attachmentsOf } from "../shared/messages";
import { isMirrored } from "../shared/mirroring";
import { earlierTurns, recentTurnsOf } from "../shared/recentTurns";
import { validatorFor } from "../shared/validators";
import { handover } from "./handover";
import { parseTranscript, type TranscriptEntry } from "./transcript";

export const DEFAULT_MESSAGE_TO_AGENT = "The customer asked to talk to an agent.";

interface HandoverConfig extends BaseNodeConfig, ProfileNodeSettings, IdentityConfig, ImportWaitConfig {
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

export const handoverNode = defineEngageNode({
  type: "rceHandover",
  label: "Handover to RCE",
  summary: "Hands the conversation to RingCentral Engage agents: Bot category out, Agent category in",
  fields: [
    {
      key: "waitingMessage",
      type: "cognigyText",
      label: "Message to the user while waiting",
      description: "Said to the user once the conversation is queued. Leave empty to say nothing.",
      defaultValue: "",
    },
    cancelButtonField,
    {
      key: "messageToAgent",
      type: "cognigyText",
      label: "Message to the agent",
      description: `Posted in RCE as the user's message that opens the handover. Empty: the user's last input, or "${DEFAULT_MESSAGE_TO_AGENT}"`,
      defaultValue: "",
    },
    {
      key: "additionalCategoryIds",
      type: "chipInput",
      label: "Additional category ids",
      description:
        "Also set these RCE categories on the thread (e.g. a skill or language), besides the Agent category.",
      defaultValue: [],
    },
    {
      key: "checkAvailability",
      type: "toggle",
      label: "Check agent availability first",
      description:
        "Ask RCE whether an agent who may reply on the source is available; if none is, take 'No agent available' and change nothing.",
      defaultValue: false,
    },
    {
      key: "transcript",
      type: "json",
      label: "Transcript to post first",
      description:
        'For flows that did not mirror earlier turns: [{"source": "user"|"bot"|"agent", "text": "…", "timestamp": "…"}], posted as one message by the bot.',
      defaultValue: "[]",
    },
    {
      key: "transcriptFromRecentTurns",
      type: "toggle",
      label: "Post the recent turns when not mirrored",
      description:
        "When the Transcript field is empty and Route to RCE did not mirror the conversation, post Cognigy's last turns (lastConversationEntries) as the transcript.",
      defaultValue: true,
    },
    {
      key: "summary",
      type: "cognigyText",
      label: "Summary for the agent",
      description:
        "An internal note on the intervention (e.g. an LLM node's summary): agents see it, the user never does. Posted once RCE has the intervention.",
      defaultValue: "",
    },
    {
      key: "reason",
      type: "cognigyText",
      label: "Reason",
      description: "Why the user asked for a person; the first line of the note.",
      defaultValue: "",
    },
    {
      key: "priority",
      type: "cognigyText",
      label: "Priority",
      description:
        "Sent as the message's context data 'priority' (RCE's API sets no task priority; routing rules and agents can read it).",
      defaultValue: "",
    },
    {
      key: "language",
      type: "cognigyText",
      label: "Language",
      description:
        "The user's language as a locale (en, de, fr-CA): the message's language, which RCE routes by.",
      defaultValue: "",
    },
    {
      key: "requireLanguage",
      type: "toggle",
      label: "Availability: only agents who speak it",
      description:
        "With 'Check agent availability first': count only agents whose spoken languages include Language.",
      defaultValue: false,
    },
    {
      key: "customFields",
      type: "json",
      label: "Intervention custom fields",
      description:
        'Set on the intervention once RCE opens it: {"custom_field_key": "value"}. Keys RCE does not know end on On error.',
      defaultValue: "{}",
    },
    ...profileFields(),
    ...botFields(),
  ],
  sections: [
    {
      key: "agentSide",
      label: "What the agent gets",
      defaultCollapsed: true,
      fields: [
        "messageToAgent",
        "summary",
        "reason",
        "additionalCategoryIds",
        "transcript",
        "transcriptFromRecentTurns",
      ],
    },
    {
      key: "routing",
      label: "Routing attributes",
      defaultCollapsed: true,
      fields: ["priority", "language", "requireLanguage", "customFields"],
    },
    { key: "profile", label: "Profile mapping", defaultCollapsed: true, fields: PROFILE_SECTION_FIELDS },
  ],
  advanced: ["checkAvailability", "botUserId", "botName", maxImportWaitField],
  resultKey: "rceHandover",
  branches: {
    queued: { type: "rceHandoverOnQueued", label: "On queued" },
    noAgent: { type: "rceHandoverOnNoAgent", label: "No agent available" },
  },
  errorBranch: "rceHandoverOnError",
  onError: inputHandoverOnError,
  run: async ({
    config,
    client,
    input,
    profile,
    context,
    lastConversationEntries,
  }: NodeRun<HandoverConfig>) => {
    const { conversation, threadId } = conversationThread(input);
    const now = new Date();
    const text = typeof input.text === "string" ? input.text.trim() : "";
    const transcript = transcriptFor(config, isMirrored(context, threadId), lastConversationEntries, text);
    const routing = routingAttributes(config);
    const note = noteText(config.summary?.trim() ?? "", config.reason?.trim() ?? "");
    const { result, state } = await handover(client, {
      threadId,
      inputId: conversation.inputId ?? now.toISOString(),
      customer: customerAuthor(profile, config, conversation.userId, now),
      bot: botAuthor(identitiesOf(config), now),
      messageToAgent: config.messageToAgent?.trim() || text || DEFAULT_MESSAGE_TO_AGENT,
      messageIsUserText: !config.messageToAgent?.trim() && !!text,
      attachments: attachmentsOf(input),
      additionalCategoryIds: additionalCategories(config.additionalCategoryIds),
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
    });
    if (result.status === "no_agent") {
      return {
        branch: "noAgent",
        result: { ...result },
        inputExtras: inputHandover("unavailable", { threadId }),
      };
    }
    const waiting = config.waitingMessage?.trim() || undefined;
    return {
      branch: "queued",
      result: { ...result, transcriptSource: transcript.source },
      say: waiting,
      sayData: waiting ? cancelQuickReply(waiting, config.cancelButton) : undefined,
      contextExtras: { [ESCALATION_STATE_KEY]: state },
      inputExtras: inputHandover("queue", { threadId, rceThreadId: result.rceThreadId }),
    };
  },
});
