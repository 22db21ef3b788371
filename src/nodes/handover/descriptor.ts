import { conversationThread } from "../../cognigy/conversation";
import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { EngageError } from "../../engage/errors";
import type { ProfileNodeSettings } from "../../profile/options";
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
  return { entries: earlierTurns(turns, inputText), source: "recent turns" };
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
        'For flows that did not mirror earlier turns: [{"source": "user"|"bot", "text": "…", "timestamp": "…"}], posted as one message by the bot.',
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
    ...profileFields(),
    ...botFields(),
  ],
  sections: [
    {
      key: "agentSide",
      label: "What the agent gets",
      defaultCollapsed: true,
      fields: ["messageToAgent", "additionalCategoryIds", "transcript", "transcriptFromRecentTurns"],
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
