import { conversationThread } from "../../cognigy/conversation";
import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import type { ProfileNodeSettings } from "../../profile/options";
import { botAuthor, customerAuthor } from "../shared/authors";
import {
  botFields,
  type IdentityConfig,
  identitiesOf,
  PROFILE_SECTION_FIELDS,
  profileFields,
} from "../shared/fields";
import { attachmentsOf } from "../shared/messages";
import { sendMessage } from "./sendMessage";

interface SendMessageConfig extends BaseNodeConfig, ProfileNodeSettings, IdentityConfig {
  from?: "user" | "bot";
  text?: string;
  includeAttachments?: boolean;
}

export const sendMessageNode = defineEngageNode({
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
  run: async ({ config, client, input, profile }: NodeRun<SendMessageConfig>) => {
    const { conversation, threadId } = conversationThread(input);
    const now = new Date();
    const from = config.from === "bot" ? "bot" : "user";
    const inputText = typeof input.text === "string" ? input.text : "";
    const result = await sendMessage(client, {
      threadId,
      inputId: conversation.inputId ?? now.toISOString(),
      from,
      author:
        from === "bot"
          ? botAuthor(identitiesOf(config), now)
          : customerAuthor(profile, config, conversation.userId, now),
      text: config.text?.trim() || (from === "user" ? inputText : ""),
      attachments: from === "user" && config.includeAttachments !== false ? attachmentsOf(input) : [],
    });
    return { branch: "sent", result: { ...result } };
  },
});
