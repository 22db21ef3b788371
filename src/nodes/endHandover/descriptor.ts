/** End Handover, its descriptor: what the Flow editor shows (fields, sections, branches). */
import type { EngageNodeDescriptor } from "../../cognigy/defineNode";
import { maxImportWaitField } from "../shared/fields";

export const endHandoverDescriptor: EngageNodeDescriptor<"done"> = {
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
};
