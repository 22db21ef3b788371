import { conversationThread } from "../../cognigy/conversation";
import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { ESCALATION_STATE_KEY, readEscalationState } from "../shared/escalationState";
import { type ImportWaitConfig, importWaitOf, maxImportWaitField } from "../shared/fields";
import { inputHandover, inputHandoverOnError } from "../shared/inputHandover";
import { endHandover } from "./endHandover";

interface EndHandoverConfig extends BaseNodeConfig, ImportWaitConfig {
  closeIntervention?: boolean;
}

export const endHandoverNode = defineEngageNode({
  type: "rceEndHandover",
  label: "End Handover",
  summary: "Gives the conversation back to the bot: Agent category out, Bot category in",
  fields: [
    {
      key: "closeIntervention",
      type: "toggle",
      label: "Also close the open intervention",
      description:
        "RCE allows it only when the intervention has an agent reply and belongs to the API token's agent; otherwise the result says why not.",
      defaultValue: false,
    },
  ],
  advanced: [maxImportWaitField],
  resultKey: "rceHandoverEnd",
  branches: { done: { type: "rceEndHandoverOnDone", label: "On done" } },
  errorBranch: "rceEndHandoverOnError",
  onError: inputHandoverOnError,
  run: async ({ config, client, input, context }: NodeRun<EndHandoverConfig>) => {
    const { threadId } = conversationThread(input);
    const { result, state } = await endHandover(client, {
      threadId,
      state: readEscalationState(context, threadId),
      closeIntervention: config.closeIntervention === true,
      maxImportWaitMs: importWaitOf(config),
    });
    return {
      branch: "done",
      result: { ...result },
      ...(state ? { contextExtras: { [ESCALATION_STATE_KEY]: state } } : {}),
      inputExtras: inputHandover("completed", {
        threadId,
        rceThreadId: result.status === "ended" ? result.rceThreadId : undefined,
      }),
    };
  },
});
