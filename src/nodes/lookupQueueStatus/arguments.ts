/** Lookup Queue Status, its arguments: the node's config and the conversation read into the lookup's. */
import { conversationThread } from "../../cognigy/conversation";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { readEscalationState } from "../shared/escalationState";
import { freshest, queueUpdateFromInput } from "../shared/queueSignals";
import { positive, type ThresholdConfig } from "../shared/queueThresholds";
import type { LookupNodeArgs } from "./lookupQueueStatus";

export interface LookupConfig extends BaseNodeConfig, ThresholdConfig {
  queueMessage?: string;
  estimate?: boolean;
  averageHandleMinutes?: number;
}

export function lookupQueueStatusArguments({
  config,
  input,
  context,
}: NodeRun<LookupConfig>): LookupNodeArgs {
  const { threadId } = conversationThread(input);
  const state = readEscalationState(context, threadId);
  const pushed = queueUpdateFromInput(input, new Date().toISOString());
  return {
    lookup: {
      threadId,
      state,
      push: freshest(pushed, state?.lastQueueUpdate),
      estimate: config.estimate !== false,
      averageHandleMinutes: positive(config.averageHandleMinutes) ?? 5,
    },
    pushed,
    queueMessage: config.queueMessage,
    thresholds: config,
  };
}
