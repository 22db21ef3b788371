import { createNodeDescriptor, type INodeFunctionBaseParams } from "@cognigy/extension-tools";
import { createChildNode, ERROR_COLOR } from "../../cognigy/childNodes";
import { conversationThread } from "../../cognigy/conversation";
import { type BaseNodeConfig, runEngageNode } from "../../cognigy/engageNode";
import { STORAGE_SECTION, storageFields } from "../../cognigy/storage";
import { EngageError } from "../../engage/errors";
import type { ProfileNodeSettings } from "../../profile/options";
import { botAuthor, customerAuthor } from "../shared/authors";
import { handoverErrorInput, handoverInput } from "../shared/cognigyHandover";
import {
  advancedSection,
  botFields,
  connectionField,
  maxImportWaitField,
  NODE_COLOR,
  PROFILE_SECTION_FIELDS,
  profileFields,
  timeBudgetField,
} from "../shared/fields";
import { HANDOVER_STATE_KEY, readHandoverState } from "../shared/handoverState";
import { attachmentsOf } from "../shared/messages";
import { validatorFor } from "../shared/validators";
import { handover } from "./handover";
import { parseTranscript } from "./transcript";

export const HANDOVER_TYPE = "rceHandover";
export const HANDOVER_QUEUED = "rceHandoverOnQueued";
export const HANDOVER_NO_AGENT = "rceHandoverOnNoAgent";
export const HANDOVER_ERROR = "rceHandoverOnError";
export const HANDOVER_RESULT_KEY = "rceHandover";
export const DEFAULT_MESSAGE_TO_AGENT = "The customer asked to talk to an agent.";

interface HandoverConfig extends BaseNodeConfig, ProfileNodeSettings {
  waitingMessage?: string;
  messageToAgent?: string;
  additionalCategoryIds?: unknown;
  checkAvailability?: boolean;
  transcript?: unknown;
  botUserId?: string;
  botName?: string;
  maxImportWaitMs?: number;
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

export const handoverNode = createNodeDescriptor({
  type: HANDOVER_TYPE,
  defaultLabel: "Handover to RCE",
  summary: "Hands the conversation to RingCentral Engage agents: Bot category out, Agent category in",
  appearance: { color: NODE_COLOR, textColor: "white" },
  tags: ["service"],
  dependencies: { children: [HANDOVER_QUEUED, HANDOVER_NO_AGENT, HANDOVER_ERROR] },
  fields: [
    connectionField,
    {
      key: "waitingMessage",
      type: "cognigyText",
      label: "Message to the user while waiting",
      description: "Said to the user once the conversation is queued. Leave empty to say nothing.",
      defaultValue: "",
    },
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
    ...profileFields(),
    ...botFields(),
    ...storageFields(HANDOVER_RESULT_KEY),
    maxImportWaitField,
    timeBudgetField,
  ],
  sections: [
    {
      key: "agentSide",
      label: "What the agent gets",
      defaultCollapsed: true,
      fields: ["messageToAgent", "additionalCategoryIds", "transcript"],
    },
    { key: "profile", label: "Profile mapping", defaultCollapsed: true, fields: PROFILE_SECTION_FIELDS },
    STORAGE_SECTION,
    advancedSection(["checkAvailability", "botUserId", "botName", "maxImportWaitMs", "timeBudgetMs"]),
  ],
  form: [
    { type: "field", key: "connection" },
    { type: "field", key: "waitingMessage" },
    { type: "section", key: "agentSide" },
    { type: "section", key: "profile" },
    { type: "section", key: "storage" },
    { type: "section", key: "advanced" },
  ],
  function: async (params: INodeFunctionBaseParams) =>
    runEngageNode<HandoverConfig>(params, {
      label: "Handover to RCE",
      resultKey: HANDOVER_RESULT_KEY,
      errorBranch: HANDOVER_ERROR,
      onError: handoverErrorInput,
      run: async ({ config, client, input, profile, context }) => {
        const { conversation, threadId } = conversationThread(input);
        const now = new Date();
        const text = typeof input.text === "string" ? input.text.trim() : "";
        const { result, state } = await handover(client, {
          threadId,
          inputId: conversation.inputId ?? now.toISOString(),
          customer: customerAuthor(profile, config, conversation.userId, now),
          bot: botAuthor(config.botUserId, config.botName, now),
          messageToAgent: config.messageToAgent?.trim() || text || DEFAULT_MESSAGE_TO_AGENT,
          messageIsUserText: !config.messageToAgent?.trim() && !!text,
          attachments: attachmentsOf(input),
          additionalCategoryIds: additionalCategories(config.additionalCategoryIds),
          transcript: parseTranscript(config.transcript),
          checkAvailability: config.checkAvailability === true,
          state: readHandoverState(context, threadId),
          maxImportWaitMs: Number(config.maxImportWaitMs) > 0 ? Number(config.maxImportWaitMs) : 8000,
        });
        if (result.status === "no_agent") {
          return {
            branch: HANDOVER_NO_AGENT,
            result: { ...result },
            inputExtras: handoverInput("unavailable", { threadId }),
          };
        }
        return {
          branch: HANDOVER_QUEUED,
          result: { ...result },
          say: config.waitingMessage?.trim() || undefined,
          contextExtras: { [HANDOVER_STATE_KEY]: state },
          inputExtras: handoverInput("queue", { threadId, rceThreadId: result.rceThreadId }),
        };
      },
    }),
});

export const handoverChildren = [
  createChildNode(HANDOVER_TYPE, { type: HANDOVER_QUEUED, label: "On queued", color: NODE_COLOR }),
  createChildNode(HANDOVER_TYPE, { type: HANDOVER_NO_AGENT, label: "No agent available", color: NODE_COLOR }),
  createChildNode(HANDOVER_TYPE, { type: HANDOVER_ERROR, label: "On error", color: ERROR_COLOR }),
];
