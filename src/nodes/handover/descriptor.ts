/** Handover to RCE, its descriptor: what the Flow editor shows (fields, sections, branches). */
import type { EngageNodeDescriptor } from "../../cognigy/defineNode";
import { cancelButtonField } from "../shared/cancelButton";
import { botFields, maxImportWaitField, PROFILE_SECTION_FIELDS, profileFields } from "../shared/fields";
import { DEFAULT_MESSAGE_TO_AGENT } from "./arguments";

export const handoverDescriptor: EngageNodeDescriptor<"queued" | "noAgent"> = {
  type: "rceHandover",
  label: "Handover to RCE",
  summary: "Hands the conversation to RingCentral Engage agents: Bot category out, Agent category in",
  fields: [
    {
      key: "waitingMessage",
      type: "cognigyText",
      label: "Message to the user while waiting",
      description: "Said to the user once the conversation is queued. Leave empty to say nothing.",
      defaultValue: "",
    },
    cancelButtonField,
    {
      key: "messageToAgent",
      type: "cognigyText",
      label: "Message to the agent",
      description: `Posted in RCE as the user's message that opens the handover. Empty: the user's last input, or "${DEFAULT_MESSAGE_TO_AGENT}"`,
      defaultValue: "",
    },
    {
      key: "additionalCategoryIds",
      type: "chipInput",
      label: "Additional category ids",
      description:
        "Also set these RCE categories on the thread (e.g. a skill or language), besides the Agent category.",
      defaultValue: [],
    },
    {
      key: "checkAvailability",
      type: "toggle",
      label: "Check agent availability first",
      description:
        "Ask RCE whether an agent who may reply on the source is available; if none is, take 'No agent available' and change nothing.",
      defaultValue: false,
    },
    {
      key: "transcript",
      type: "json",
      label: "Transcript to post first",
      description:
        'For flows that did not mirror earlier turns: [{"source": "user"|"bot"|"agent", "text": "…", "timestamp": "…"}], posted as one message by the bot.',
      defaultValue: "[]",
    },
    {
      key: "transcriptFromRecentTurns",
      type: "toggle",
      label: "Post the recent turns when not mirrored",
      description:
        "When the Transcript field is empty and Route to RCE did not mirror the conversation, post Cognigy's last turns (lastConversationEntries) as the transcript.",
      defaultValue: true,
    },
    {
      key: "summary",
      type: "cognigyText",
      label: "Summary for the agent",
      description:
        "An internal note on the intervention (e.g. an LLM node's summary): agents see it, the user never does. Posted once RCE has the intervention.",
      defaultValue: "",
    },
    {
      key: "reason",
      type: "cognigyText",
      label: "Reason",
      description: "Why the user asked for a person; the first line of the note.",
      defaultValue: "",
    },
    {
      key: "priority",
      type: "cognigyText",
      label: "Priority",
      description:
        "Sent as the message's context data 'priority' (RCE's API sets no task priority; routing rules and agents can read it).",
      defaultValue: "",
    },
    {
      key: "language",
      type: "cognigyText",
      label: "Language",
      description:
        "The user's language as a locale (en, de, fr-CA): the message's language, which RCE routes by.",
      defaultValue: "",
    },
    {
      key: "requireLanguage",
      type: "toggle",
      label: "Availability: only agents who speak it",
      description:
        "With 'Check agent availability first': count only agents whose spoken languages include Language.",
      defaultValue: false,
    },
    {
      key: "customFields",
      type: "json",
      label: "Intervention custom fields",
      description:
        'Set on the intervention once RCE opens it: {"custom_field_key": "value"}. Keys RCE does not know end on On error.',
      defaultValue: "{}",
    },
    ...profileFields(),
    ...botFields(),
  ],
  sections: [
    {
      key: "agentSide",
      label: "What the agent gets",
      defaultCollapsed: true,
      fields: [
        "messageToAgent",
        "summary",
        "reason",
        "additionalCategoryIds",
        "transcript",
        "transcriptFromRecentTurns",
      ],
    },
    {
      key: "routing",
      label: "Routing attributes",
      defaultCollapsed: true,
      fields: ["priority", "language", "requireLanguage", "customFields"],
    },
    { key: "profile", label: "Profile mapping", defaultCollapsed: true, fields: PROFILE_SECTION_FIELDS },
  ],
  advanced: ["checkAvailability", "botUserId", "botName", maxImportWaitField],
  resultKey: "rceHandover",
  branches: {
    queued: { type: "rceHandoverOnQueued", label: "On queued" },
    noAgent: { type: "rceHandoverOnNoAgent", label: "No agent available" },
  },
  errorBranch: "rceHandoverOnError",
};
