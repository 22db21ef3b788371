import { conversationThread } from "../../cognigy/conversation";
import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { handoverEventOf } from "../../conversation/events";
import type { ProfileNodeSettings } from "../../profile/options";
import { botAuthor, customerAuthor } from "../shared/authors";
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
import { isMirrored, MIRRORING_KEY } from "../shared/mirroring";
import { queueUpdateFromInput } from "../shared/queueSignals";
import { recentTurnsOf } from "../shared/recentTurns";
import { route } from "./route";

interface RouteConfig extends BaseNodeConfig, ProfileNodeSettings, IdentityConfig, ImportWaitConfig {
  mirror?: boolean;
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
    ...profileFields(),
    ...botFields(),
  ],
  sections: [
    { key: "profile", label: "Profile mapping", defaultCollapsed: true, fields: PROFILE_SECTION_FIELDS },
    { key: "bot", label: "Bot identity", defaultCollapsed: true, fields: ["botUserId", "botName"] },
  ],
  advanced: [maxImportWaitField],
  resultKey: "rceRoute",
  branches: {
    agentClosed: { type: "rceRouteOnAgentClosed", label: "Agent closed" },
    agentJoined: { type: "rceRouteOnAgentJoined", label: "Agent joined" },
    queueUpdate: { type: "rceRouteOnQueueUpdate", label: "Queue update" },
    withAgent: { type: "rceRouteWithAgent", label: "With agent" },
    withBot: { type: "rceRouteWithBot", label: "With the bot" },
  },
  errorBranch: "rceRouteOnError",
  onError: inputHandoverOnError,
  run: async ({ config, client, input, profile, context, lastConversationEntries }: NodeRun<RouteConfig>) => {
    const { conversation, threadId } = conversationThread(input);
    const now = new Date();
    const state = readEscalationState(context, threadId);
    const mirror = config.mirror === true;
    const outcome = await route(client, {
      threadId,
      inputId: conversation.inputId ?? now.toISOString(),
      event: handoverEventOf(input),
      queueUpdate: queueUpdateFromInput(input, now.toISOString()),
      state,
      userText: typeof input.text === "string" ? input.text : "",
      attachments: attachmentsOf(input),
      customer: () => customerAuthor(profile, config, conversation.userId, now),
      bot: () => botAuthor(identitiesOf(config), now),
      mirror,
      recentTurns: recentTurnsOf(lastConversationEntries),
      maxImportWaitMs: importWaitOf(config),
    });
    const contextExtras: Record<string, unknown> = {};
    if (outcome.state) contextExtras[ESCALATION_STATE_KEY] = outcome.state;
    if (mirror && outcome.branch === "withBot" && !isMirrored(context, threadId))
      contextExtras[MIRRORING_KEY] = { threadId, since: now.toISOString() };
    const { result } = outcome;
    return {
      branch: outcome.branch,
      result: { ...result },
      ...(Object.keys(contextExtras).length > 0 ? { contextExtras } : {}),
      ...(outcome.ended
        ? { inputExtras: inputHandover("completed", { threadId, rceThreadId: outcome.ended.rceThreadId }) }
        : result.status === "queue_update"
          ? {
              inputExtras: inputHandover(
                "queue",
                { threadId, rceThreadId: state?.rceThreadId },
                { position: result.position, estimatedWaitTime: result.estimatedWaitTimeMs },
              ),
            }
          : {}),
    };
  },
});
