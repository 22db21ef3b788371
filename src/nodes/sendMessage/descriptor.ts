/** Send Message to RCE, its descriptor: what the Flow editor shows (fields, sections, branches). */
import type { EngageNodeDescriptor } from "../../cognigy/defineNode";
import { botFields, PROFILE_SECTION_FIELDS, profileFields } from "../shared/fields";

export const sendMessageDescriptor: EngageNodeDescriptor<"sent"> = {
  type: "rceSendMessage",
  label: "Send Message to RCE",
  summary: "Mirrors a user or bot message into the conversation's RCE thread, or relays it to the agent",
  fields: [
    {
      key: "from",
      type: "select",
      label: "Message from",
      defaultValue: "user",
      params: {
        options: [
          { label: "The user (current input)", value: "user" },
          { label: "The bot", value: "bot" },
        ],
      },
    },
    {
      key: "text",
      type: "cognigyText",
      label: "Text",
      description:
        "Empty for the user: the current input's text. For the bot: the bot's message, e.g. {{context.lastBotMessage}}.",
      defaultValue: "",
    },
    {
      key: "includeAttachments",
      type: "toggle",
      label: "Send the input's attachments",
      description: "Attachments of the user's input go to RCE by URL.",
      defaultValue: true,
      condition: { key: "from", value: "user" },
    },
    ...profileFields(),
    ...botFields(),
  ],
  sections: [
    {
      key: "profile",
      label: "Profile mapping",
      defaultCollapsed: true,
      fields: PROFILE_SECTION_FIELDS,
      condition: { key: "from", value: "user" },
    },
    {
      key: "bot",
      label: "Bot identity",
      defaultCollapsed: true,
      fields: ["botUserId", "botName"],
      condition: { key: "from", value: "bot" },
    },
  ],
  resultKey: "rceMessage",
  branches: { sent: { type: "rceSendMessageOnSent", label: "On sent" } },
  errorBranch: "rceSendMessageOnError",
};
