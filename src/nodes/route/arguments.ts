/** Route to RCE, its arguments: the node's config and the input read into the routing's arguments. */
import { conversationThread } from "../../cognigy/conversation";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { handoverEventOf } from "../../conversation/events";
import type { ProfileNodeSettings } from "../../profile/options";
import { botAuthor, customerAuthor } from "../shared/authors";
import { readEscalationState } from "../shared/escalationState";
import { type IdentityConfig, type ImportWaitConfig, identitiesOf, importWaitOf } from "../shared/fields";
import { attachmentsOf } from "../shared/messages";
import { isMirrored } from "../shared/mirroring";
import { queueUpdateFromInput } from "../shared/queueSignals";
import { positive, type ThresholdConfig } from "../shared/queueThresholds";
import { recentTurnsOf } from "../shared/recentTurns";
import type { RouteNodeArgs } from "./route";

export interface RouteConfig
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

export function routeArguments({
  config,
  input,
  profile,
  context,
  lastConversationEntries,
}: NodeRun<RouteConfig>): RouteNodeArgs {
  const { conversation, threadId } = conversationThread(input);
  const now = new Date();
  return {
    route: {
      threadId,
      inputId: conversation.inputId ?? now.toISOString(),
      event: handoverEventOf(input),
      queueUpdate: queueUpdateFromInput(input, now.toISOString()),
      state: readEscalationState(context, threadId),
      userText: text(input.text),
      intent: typeof input.intent === "string" ? input.intent : undefined,
      attachments: attachmentsOf(input),
      customer: () => customerAuthor(profile, config, conversation.userId, now),
      bot: () => botAuthor(identitiesOf(config), now),
      mirror: config.mirror === true,
      recentTurns: recentTurnsOf(lastConversationEntries),
      maxImportWaitMs: importWaitOf(config),
      thresholds: config,
      waiting: {
        text: text(config.waitingMessage),
        everyUpdates: positive(config.repeatEveryUpdates) ?? 0,
        everyMinutes: positive(config.repeatEveryMinutes) ?? 0,
        cancelButton: text(config.cancelButton),
      },
      cancelIntent: text(config.cancelIntent),
      now,
    },
    mirrored: isMirrored(context, threadId),
  };
}
