import { conversationThread } from "../../cognigy/conversation";
import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { ESCALATION_STATE_KEY, readEscalationState } from "../shared/escalationState";
import { type InputHandoverStatus, inputHandover, inputHandoverOnError } from "../shared/inputHandover";
import { freshest, queueUpdateFromInput } from "../shared/queueSignals";
import {
  overThreshold,
  positive,
  THRESHOLD_FIELD_KEYS,
  type ThresholdConfig,
  thresholdFields,
} from "../shared/queueThresholds";
import { lookupQueueStatus, type QueueStatus } from "./lookupQueueStatus";
import { queueMessage } from "./queueMessage";

const COGNIGY_STATUS: Record<QueueStatus, InputHandoverStatus | undefined> = {
  not_escalated: undefined,
  queued: "queue",
  assigned: "active",
  closed: "completed",
};

interface LookupConfig extends BaseNodeConfig, ThresholdConfig {
  queueMessage?: string;
  estimate?: boolean;
  averageHandleMinutes?: number;
}

export const lookupQueueStatusNode = defineEngageNode({
  type: "rceLookupQueueStatus",
  label: "Lookup Queue Status",
  summary: "Where the handover stands: with the bot, queued (position, wait), with an agent, or closed",
  tags: ["service", "logic"],
  fields: [
    {
      key: "queueMessage",
      type: "cognigyText",
      label: "Message to the user while queued",
      description:
        "Said when queued and every placeholder has a value: {position}, {waitMinutes}, {waitSeconds}. Write it in the user's language. Empty: say nothing.",
      defaultValue: "",
    },
    ...thresholdFields("Queued"),
    {
      key: "estimate",
      type: "toggle",
      label: "Estimate when RCE has pushed no queue update",
      description:
        "From RCE's routing queue and agent status (2 more requests; needs 'monitor the task view'). Marked as an estimate.",
      defaultValue: true,
    },
    {
      key: "averageHandleMinutes",
      type: "number",
      label: "Average minutes per conversation (for estimates)",
      defaultValue: 5,
      params: { min: 1, max: 240 },
    },
  ],
  sections: [
    {
      key: "thresholds",
      label: "Thresholds",
      defaultCollapsed: true,
      fields: THRESHOLD_FIELD_KEYS,
    },
  ],
  advanced: ["estimate", "averageHandleMinutes"],
  resultKey: "rceQueue",
  // Named as lookupQueueStatus() names the status, so a status is its own branch.
  branches: {
    not_escalated: { type: "rceLookupOnNotEscalated", label: "Not escalated" },
    queued: { type: "rceLookupOnQueued", label: "Queued" },
    assigned: { type: "rceLookupOnAssigned", label: "Assigned to an agent" },
    closed: { type: "rceLookupOnClosed", label: "Closed" },
    overThreshold: { type: "rceLookupOnOverThreshold", label: "Over threshold" },
  },
  errorBranch: "rceLookupOnError",
  onError: inputHandoverOnError,
  run: async ({ config, client, input, context }: NodeRun<LookupConfig>) => {
    const { threadId } = conversationThread(input);
    const state = readEscalationState(context, threadId);
    const now = new Date().toISOString();
    const pushed = queueUpdateFromInput(input, now);
    const push = freshest(pushed, state?.lastQueueUpdate);
    const result = await lookupQueueStatus(client, {
      threadId,
      state,
      push,
      estimate: config.estimate !== false,
      averageHandleMinutes: positive(config.averageHandleMinutes) ?? 5,
    });
    const status = COGNIGY_STATUS[result.status];
    const say = result.status === "queued" ? queueMessage(config.queueMessage, result) : undefined;
    return {
      branch: result.status === "queued" && overThreshold(result, config) ? "overThreshold" : result.status,
      result: { ...result },
      say,
      ...(pushed && state
        ? { contextExtras: { [ESCALATION_STATE_KEY]: { ...state, lastQueueUpdate: pushed } } }
        : {}),
      ...(status
        ? {
            inputExtras: inputHandover(
              status,
              { threadId, rceThreadId: result.rceThreadId },
              result.position !== undefined || result.estimatedWaitTimeMs !== undefined
                ? { position: result.position, estimatedWaitTime: result.estimatedWaitTimeMs }
                : undefined,
            ),
          }
        : {}),
    };
  },
});
