/** Route to RCE, its descriptor: what the Flow editor shows (fields, sections, branches). */
import type { EngageNodeDescriptor } from "../../cognigy/defineNode";
import { cancelButtonField } from "../shared/cancelButton";
import { botFields, maxImportWaitField, PROFILE_SECTION_FIELDS, profileFields } from "../shared/fields";
import { THRESHOLD_FIELD_KEYS, thresholdFields } from "../shared/queueThresholds";
import type { RouteBranch } from "./route";

export const routeDescriptor: EngageNodeDescriptor<RouteBranch> = {
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
    {
      key: "waitingMessage",
      type: "cognigyText",
      label: "Waiting message to repeat",
      description:
        "Said again while the user waits for an agent, as often as set below, with the Cancel Button. Empty: never repeated.",
      defaultValue: "",
    },
    {
      key: "repeatEveryUpdates",
      type: "number",
      label: "Repeat after this many queue updates",
      description: "0: not by queue updates.",
      defaultValue: 0,
      params: { min: 0 },
    },
    {
      key: "repeatEveryMinutes",
      type: "number",
      label: "Repeat after this many minutes",
      description: "Checked on each input while waiting. 0: not by time.",
      defaultValue: 0,
      params: { min: 0 },
    },
    {
      key: "cancelIntent",
      type: "cognigyText",
      label: "Cancel Intent",
      description:
        "While waiting for an agent, an input with this intent cancels the handover (not relayed to the agent). Empty: none.",
      defaultValue: "",
    },
    cancelButtonField,
    ...thresholdFields("Queue update"),
    ...profileFields(),
    ...botFields(),
  ],
  sections: [
    {
      key: "waiting",
      label: "While waiting",
      defaultCollapsed: true,
      fields: ["waitingMessage", "repeatEveryUpdates", "repeatEveryMinutes", "cancelIntent", "cancelButton"],
    },
    { key: "thresholds", label: "Thresholds", defaultCollapsed: true, fields: THRESHOLD_FIELD_KEYS },
    { key: "profile", label: "Profile mapping", defaultCollapsed: true, fields: PROFILE_SECTION_FIELDS },
    { key: "bot", label: "Bot identity", defaultCollapsed: true, fields: ["botUserId", "botName"] },
  ],
  advanced: [maxImportWaitField],
  resultKey: "rceRoute",
  // A Flow whose node was placed before a branch existed takes its fallback instead.
  branches: {
    agentClosed: { type: "rceRouteOnAgentClosed", label: "Agent closed" },
    agentJoined: { type: "rceRouteOnAgentJoined", label: "Agent joined" },
    queueUpdate: { type: "rceRouteOnQueueUpdate", label: "Queue update" },
    withAgent: { type: "rceRouteWithAgent", label: "With agent" },
    withBot: { type: "rceRouteWithBot", label: "With the bot" },
    overThreshold: { type: "rceRouteOnOverThreshold", label: "Over threshold", fallback: "queueUpdate" },
    transferred: { type: "rceRouteOnTransferred", label: "Transferred", fallback: "agentJoined" },
    agentAway: { type: "rceRouteOnAgentAway", label: "Agent away", fallback: "withAgent" },
    agentBack: { type: "rceRouteOnAgentBack", label: "Agent back", fallback: "agentJoined" },
    reopened: { type: "rceRouteOnReopened", label: "Reopened", fallback: "withAgent" },
    noAgent: { type: "rceRouteOnNoAgent", label: "No agent took it", fallback: "withAgent" },
    cancelled: { type: "rceRouteOnCancelled", label: "Cancelled by user", fallback: "agentClosed" },
    nothingNew: { type: "rceRouteOnNothingNew", label: "Nothing new", fallback: "withAgent" },
  },
  errorBranch: "rceRouteOnError",
};
