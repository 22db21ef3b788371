import { conversationThread } from "../../cognigy/conversation";
import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { handoverEventOf } from "../../conversation/events";
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
import { INPUT_HANDOVER_STATUS, inputHandover, inputHandoverOnError } from "../shared/inputHandover";
import { attachmentsOf } from "../shared/messages";
import { isMirrored, MIRRORING_KEY } from "../shared/mirroring";
import { queueUpdateFromInput } from "../shared/queueSignals";
import {
  positive,
  THRESHOLD_FIELD_KEYS,
  type ThresholdConfig,
  thresholdFields,
} from "../shared/queueThresholds";
import { recentTurnsOf } from "../shared/recentTurns";
import { route } from "./route";

interface RouteConfig
  extends BaseNodeConfig,
    ProfileNodeSettings,
    IdentityConfig,
    ImportWaitConfig,
    ThresholdConfig {
  mirror?: boolean;
  waitingMessage?: string;
  repeatEveryUpdates?: number;
  repeatEveryMinutes?: number;
  cancelIntent?: string;
  cancelButton?: string;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export const routeNode = defineEngageNode({
  type: "rceRoute",
  label: "Route to RCE",
  summary:
    "First node of the Flow: gives each input to the agent, the bot, or the Flow's handling of agent events",
  fields: [
    {
      key: "mirror",
      type: "toggle",
      label: "Mirror every conversation",
      description:
        "Post each user turn and the bot's previous answers to RCE before any handover (thread stays in Bot), like Cognigy's own handover without 'Forward Only Handover Conversations'.",
      defaultValue: false,
    },
    {
      key: "waitingMessage",
      type: "cognigyText",
      label: "Waiting message to repeat",
      description:
        "Said again while the user waits for an agent, as often as set below, with the Cancel Button. Empty: never repeated.",
      defaultValue: "",
    },
    {
      key: "repeatEveryUpdates",
      type: "number",
      label: "Repeat after this many queue updates",
      description: "0: not by queue updates.",
      defaultValue: 0,
      params: { min: 0 },
    },
    {
      key: "repeatEveryMinutes",
      type: "number",
      label: "Repeat after this many minutes",
      description: "Checked on each input while waiting. 0: not by time.",
      defaultValue: 0,
      params: { min: 0 },
    },
    {
      key: "cancelIntent",
      type: "cognigyText",
      label: "Cancel Intent",
      description:
        "While waiting for an agent, an input with this intent cancels the handover (not relayed to the agent). Empty: none.",
      defaultValue: "",
    },
    cancelButtonField,
    ...thresholdFields("Queue update"),
    ...profileFields(),
    ...botFields(),
  ],
  sections: [
    {
      key: "waiting",
      label: "While waiting",
      defaultCollapsed: true,
      fields: ["waitingMessage", "repeatEveryUpdates", "repeatEveryMinutes", "cancelIntent", "cancelButton"],
    },
    { key: "thresholds", label: "Thresholds", defaultCollapsed: true, fields: THRESHOLD_FIELD_KEYS },
    { key: "profile", label: "Profile mapping", defaultCollapsed: true, fields: PROFILE_SECTION_FIELDS },
    { key: "bot", label: "Bot identity", defaultCollapsed: true, fields: ["botUserId", "botName"] },
  ],
  advanced: [maxImportWaitField],
  resultKey: "rceRoute",
  // A Flow whose node was placed before a branch existed takes its fallback instead.
  branches: {
    agentClosed: { type: "rceRouteOnAgentClosed", label: "Agent closed" },
    agentJoined: { type: "rceRouteOnAgentJoined", label: "Agent joined" },
    queueUpdate: { type: "rceRouteOnQueueUpdate", label: "Queue update" },
    withAgent: { type: "rceRouteWithAgent", label: "With agent" },
    withBot: { type: "rceRouteWithBot", label: "With the bot" },
    overThreshold: { type: "rceRouteOnOverThreshold", label: "Over threshold", fallback: "queueUpdate" },
    transferred: { type: "rceRouteOnTransferred", label: "Transferred", fallback: "agentJoined" },
    agentAway: { type: "rceRouteOnAgentAway", label: "Agent away", fallback: "withAgent" },
    agentBack: { type: "rceRouteOnAgentBack", label: "Agent back", fallback: "agentJoined" },
    reopened: { type: "rceRouteOnReopened", label: "Reopened", fallback: "withAgent" },
    noAgent: { type: "rceRouteOnNoAgent", label: "No agent took it", fallback: "withAgent" },
    cancelled: { type: "rceRouteOnCancelled", label: "Cancelled by user", fallback: "agentClosed" },
    nothingNew: { type: "rceRouteOnNothingNew", label: "Nothing new", fallback: "withAgent" },
  },
  errorBranch: "rceRouteOnError",
  onError: inputHandoverOnError,
  run: async ({ config, client, input, profile, context, lastConversationEntries }: NodeRun<RouteConfig>) => {
    const { conversation, threadId } = conversationThread(input);
    const now = new Date();
    const state = readEscalationState(context, threadId);
    const mirror = config.mirror === true;
    const waitingText = text(config.waitingMessage);
    const cancelButton = text(config.cancelButton);
    const outcome = await route(client, {
      threadId,
      inputId: conversation.inputId ?? now.toISOString(),
      event: handoverEventOf(input),
      queueUpdate: queueUpdateFromInput(input, now.toISOString()),
      state,
      userText: text(input.text),
      intent: typeof input.intent === "string" ? input.intent : undefined,
      attachments: attachmentsOf(input),
      customer: () => customerAuthor(profile, config, conversation.userId, now),
      bot: () => botAuthor(identitiesOf(config), now),
      mirror,
      recentTurns: recentTurnsOf(lastConversationEntries),
      maxImportWaitMs: importWaitOf(config),
      thresholds: config,
      waiting: {
        text: waitingText,
        everyUpdates: positive(config.repeatEveryUpdates) ?? 0,
        everyMinutes: positive(config.repeatEveryMinutes) ?? 0,
        cancelButton,
      },
      cancelIntent: text(config.cancelIntent),
      now,
    });
    const contextExtras: Record<string, unknown> = {};
    if (outcome.state) contextExtras[ESCALATION_STATE_KEY] = outcome.state;
    if (mirror && outcome.branch === "withBot" && !isMirrored(context, threadId))
      contextExtras[MIRRORING_KEY] = { threadId, since: now.toISOString() };
    const { result } = outcome;
    const after = outcome.state ?? state;
    // input.handover follows the state whenever RCE or the user moved it (not on plain turns).
    const tellsHandover = outcome.branch !== "withBot" && outcome.branch !== "withAgent";
    return {
      branch: outcome.branch,
      result: { ...result },
      ...(Object.keys(contextExtras).length > 0 ? { contextExtras } : {}),
      ...(outcome.sayWaiting
        ? { say: waitingText, sayData: cancelQuickReply(waitingText, cancelButton) }
        : {}),
      ...(tellsHandover && (after || result.status === "queue_update")
        ? {
            inputExtras: inputHandover(
              after ? INPUT_HANDOVER_STATUS[after.status] : "queue",
              { threadId, rceThreadId: after?.rceThreadId },
              result.status === "queue_update"
                ? { position: result.position, estimatedWaitTime: result.estimatedWaitTimeMs }
                : undefined,
            ),
          }
        : {}),
    };
  },
});
