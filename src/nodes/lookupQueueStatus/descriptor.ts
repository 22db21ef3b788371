/** Lookup Queue Status, its descriptor: what the Flow editor shows (fields, sections, branches). */
import type { EngageNodeDescriptor } from "../../cognigy/defineNode";
import { THRESHOLD_FIELD_KEYS, thresholdFields } from "../shared/queueThresholds";
import type { LookupBranch } from "./lookupQueueStatus";

export const lookupQueueStatusDescriptor: EngageNodeDescriptor<LookupBranch> = {
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
};
