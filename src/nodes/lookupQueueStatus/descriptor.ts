import { createNodeDescriptor, type INodeFunctionBaseParams } from "@cognigy/extension-tools";
import { createChildNode, ERROR_COLOR } from "../../cognigy/childNodes";
import { conversationThread } from "../../cognigy/conversation";
import { type BaseNodeConfig, runEngageNode } from "../../cognigy/engageNode";
import { STORAGE_SECTION, storageFields } from "../../cognigy/storage";
import { type CognigyHandoverStatus, handoverErrorInput, handoverInput } from "../shared/cognigyHandover";
import { advancedSection, connectionField, NODE_COLOR, timeBudgetField } from "../shared/fields";
import { HANDOVER_STATE_KEY, readHandoverState } from "../shared/handoverState";
import { type LookupResult, lookupQueueStatus, type QueueStatus } from "./lookupQueueStatus";
import { queueMessage } from "./queueMessage";
import { freshest, queueUpdateFromInput } from "./queueSignals";

export const LOOKUP_TYPE = "rceLookupQueueStatus";
export const LOOKUP_RESULT_KEY = "rceQueue";
export const LOOKUP_CHILD: Record<QueueStatus | "overThreshold" | "error", string> = {
  not_escalated: "rceLookupOnNotEscalated",
  queued: "rceLookupOnQueued",
  assigned: "rceLookupOnAssigned",
  closed: "rceLookupOnClosed",
  overThreshold: "rceLookupOnOverThreshold",
  error: "rceLookupOnError",
};

const COGNIGY_STATUS: Record<QueueStatus, CognigyHandoverStatus | undefined> = {
  not_escalated: undefined,
  queued: "queue",
  assigned: "active",
  closed: "completed",
};

interface LookupConfig extends BaseNodeConfig {
  queueMessage?: string;
  maxPosition?: number;
  maxWaitMinutes?: number;
  estimate?: boolean;
  averageHandleMinutes?: number;
}

function positive(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function overThreshold(result: LookupResult, config: LookupConfig): boolean {
  if (result.status !== "queued") return false;
  const maxPosition = positive(config.maxPosition);
  const maxWait = positive(config.maxWaitMinutes);
  return (
    (maxPosition !== undefined && result.position !== undefined && result.position > maxPosition) ||
    (maxWait !== undefined &&
      result.estimatedWaitTimeMs !== undefined &&
      result.estimatedWaitTimeMs > maxWait * 60_000)
  );
}

export const lookupQueueStatusNode = createNodeDescriptor({
  type: LOOKUP_TYPE,
  defaultLabel: "Lookup Queue Status",
  summary: "Where the handover stands: with the bot, queued (position, wait), with an agent, or closed",
  appearance: { color: NODE_COLOR, textColor: "white" },
  tags: ["service", "logic"],
  dependencies: { children: Object.values(LOOKUP_CHILD) },
  fields: [
    connectionField,
    {
      key: "queueMessage",
      type: "cognigyText",
      label: "Message to the user while queued",
      description:
        "Said when queued and every placeholder has a value: {position}, {waitMinutes}, {waitSeconds}. Write it in the user's language. Empty: say nothing.",
      defaultValue: "",
    },
    {
      key: "maxPosition",
      type: "number",
      label: "Maximum queue position",
      description: "Above this position take 'Over threshold' instead of 'Queued'. 0: no limit.",
      defaultValue: 0,
      params: { min: 0 },
    },
    {
      key: "maxWaitMinutes",
      type: "number",
      label: "Maximum estimated wait (minutes)",
      description: "Above this wait take 'Over threshold' instead of 'Queued'. 0: no limit.",
      defaultValue: 0,
      params: { min: 0 },
    },
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
    ...storageFields(LOOKUP_RESULT_KEY),
    timeBudgetField,
  ],
  sections: [
    {
      key: "thresholds",
      label: "Thresholds",
      defaultCollapsed: true,
      fields: ["maxPosition", "maxWaitMinutes"],
    },
    STORAGE_SECTION,
    advancedSection(["estimate", "averageHandleMinutes", "timeBudgetMs"]),
  ],
  form: [
    { type: "field", key: "connection" },
    { type: "field", key: "queueMessage" },
    { type: "section", key: "thresholds" },
    { type: "section", key: "storage" },
    { type: "section", key: "advanced" },
  ],
  function: async (params: INodeFunctionBaseParams) =>
    runEngageNode<LookupConfig>(params, {
      label: "Lookup Queue Status",
      resultKey: LOOKUP_RESULT_KEY,
      errorBranch: LOOKUP_CHILD.error,
      onError: handoverErrorInput,
      run: async ({ config, client, input, context }) => {
        const { threadId } = conversationThread(input);
        const state = readHandoverState(context, threadId);
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
          branch: overThreshold(result, config) ? LOOKUP_CHILD.overThreshold : LOOKUP_CHILD[result.status],
          result: { ...result },
          say,
          ...(pushed && state
            ? { contextExtras: { [HANDOVER_STATE_KEY]: { ...state, lastQueueUpdate: pushed } } }
            : {}),
          ...(status
            ? {
                inputExtras: handoverInput(
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
    }),
});

export const lookupQueueStatusChildren = [
  createChildNode(LOOKUP_TYPE, {
    type: LOOKUP_CHILD.not_escalated,
    label: "Not escalated",
    color: NODE_COLOR,
  }),
  createChildNode(LOOKUP_TYPE, { type: LOOKUP_CHILD.queued, label: "Queued", color: NODE_COLOR }),
  createChildNode(LOOKUP_TYPE, {
    type: LOOKUP_CHILD.overThreshold,
    label: "Over threshold",
    color: NODE_COLOR,
  }),
  createChildNode(LOOKUP_TYPE, {
    type: LOOKUP_CHILD.assigned,
    label: "Assigned to an agent",
    color: NODE_COLOR,
  }),
  createChildNode(LOOKUP_TYPE, { type: LOOKUP_CHILD.closed, label: "Closed", color: NODE_COLOR }),
  createChildNode(LOOKUP_TYPE, { type: LOOKUP_CHILD.error, label: "On error", color: ERROR_COLOR }),
];
