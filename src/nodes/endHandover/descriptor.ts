import { createNodeDescriptor, type INodeFunctionBaseParams } from "@cognigy/extension-tools";
import { createChildNode, ERROR_COLOR } from "../../cognigy/childNodes";
import { conversationThread } from "../../cognigy/conversation";
import { type BaseNodeConfig, runEngageNode } from "../../cognigy/engageNode";
import { STORAGE_SECTION, storageFields } from "../../cognigy/storage";
import { handoverErrorInput, handoverInput } from "../shared/cognigyHandover";
import {
  advancedSection,
  connectionField,
  maxImportWaitField,
  NODE_COLOR,
  timeBudgetField,
} from "../shared/fields";
import { HANDOVER_STATE_KEY, readHandoverState } from "../shared/handoverState";
import { endHandover } from "./endHandover";

export const END_HANDOVER_TYPE = "rceEndHandover";
export const END_HANDOVER_DONE = "rceEndHandoverOnDone";
export const END_HANDOVER_ERROR = "rceEndHandoverOnError";
export const END_HANDOVER_RESULT_KEY = "rceHandoverEnd";

interface EndHandoverConfig extends BaseNodeConfig {
  closeIntervention?: boolean;
  maxImportWaitMs?: number;
}

export const endHandoverNode = createNodeDescriptor({
  type: END_HANDOVER_TYPE,
  defaultLabel: "End Handover",
  summary: "Gives the conversation back to the bot: Agent category out, Bot category in",
  appearance: { color: NODE_COLOR, textColor: "white" },
  tags: ["service"],
  dependencies: { children: [END_HANDOVER_DONE, END_HANDOVER_ERROR] },
  fields: [
    connectionField,
    {
      key: "closeIntervention",
      type: "toggle",
      label: "Also close the open intervention",
      description:
        "RCE allows it only when the intervention has an agent reply and belongs to the API token's agent; otherwise the result says why not.",
      defaultValue: false,
    },
    ...storageFields(END_HANDOVER_RESULT_KEY),
    maxImportWaitField,
    timeBudgetField,
  ],
  sections: [STORAGE_SECTION, advancedSection(["maxImportWaitMs", "timeBudgetMs"])],
  form: [
    { type: "field", key: "connection" },
    { type: "field", key: "closeIntervention" },
    { type: "section", key: "storage" },
    { type: "section", key: "advanced" },
  ],
  function: async (params: INodeFunctionBaseParams) =>
    runEngageNode<EndHandoverConfig>(params, {
      label: "End Handover",
      resultKey: END_HANDOVER_RESULT_KEY,
      errorBranch: END_HANDOVER_ERROR,
      onError: handoverErrorInput,
      run: async ({ config, client, input, context }) => {
        const { threadId } = conversationThread(input);
        const { result, state } = await endHandover(client, {
          threadId,
          state: readHandoverState(context, threadId),
          closeIntervention: config.closeIntervention === true,
          maxImportWaitMs: Number(config.maxImportWaitMs) > 0 ? Number(config.maxImportWaitMs) : 8000,
        });
        return {
          branch: END_HANDOVER_DONE,
          result: { ...result },
          ...(state ? { contextExtras: { [HANDOVER_STATE_KEY]: state } } : {}),
          inputExtras: handoverInput("completed", {
            threadId,
            rceThreadId: result.status === "ended" ? result.rceThreadId : undefined,
          }),
        };
      },
    }),
});

export const endHandoverChildren = [
  createChildNode(END_HANDOVER_TYPE, { type: END_HANDOVER_DONE, label: "On done", color: NODE_COLOR }),
  createChildNode(END_HANDOVER_TYPE, { type: END_HANDOVER_ERROR, label: "On error", color: ERROR_COLOR }),
];
