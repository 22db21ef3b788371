/** End Handover, its arguments: the node's config and the conversation read into the end's arguments. */
import { conversationThread } from "../../cognigy/conversation";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { readEscalationState } from "../shared/escalationState";
import { type ImportWaitConfig, importWaitOf } from "../shared/fields";
import type { EndHandoverArgs } from "./endHandover";

export interface EndHandoverConfig extends BaseNodeConfig, ImportWaitConfig {
  closeIntervention?: boolean;
}

export function endHandoverArguments({
  config,
  input,
  context,
}: NodeRun<EndHandoverConfig>): EndHandoverArgs {
  const { threadId } = conversationThread(input);
  return {
    threadId,
    state: readEscalationState(context, threadId),
    closeIntervention: config.closeIntervention === true,
    maxImportWaitMs: importWaitOf(config),
  };
}
