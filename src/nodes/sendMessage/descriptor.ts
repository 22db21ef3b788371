import { createNodeDescriptor, type INodeFunctionBaseParams } from "@cognigy/extension-tools";
import { createChildNode, ERROR_COLOR } from "../../cognigy/childNodes";
import { conversationThread } from "../../cognigy/conversation";
import { type BaseNodeConfig, runEngageNode } from "../../cognigy/engageNode";
import { STORAGE_SECTION, storageFields } from "../../cognigy/storage";
import type { ProfileNodeSettings } from "../../profile/options";
import { botAuthor, customerAuthor } from "../shared/authors";
import {
  advancedSection,
  botFields,
  connectionField,
  NODE_COLOR,
  PROFILE_SECTION_FIELDS,
  profileFields,
  timeBudgetField,
} from "../shared/fields";
import { attachmentsOf } from "../shared/messages";
import { sendMessage } from "./sendMessage";

export const SEND_MESSAGE_TYPE = "rceSendMessage";
export const SEND_MESSAGE_SENT = "rceSendMessageOnSent";
export const SEND_MESSAGE_ERROR = "rceSendMessageOnError";
export const SEND_MESSAGE_RESULT_KEY = "rceMessage";

interface SendMessageConfig extends BaseNodeConfig, ProfileNodeSettings {
  from?: "user" | "bot";
  text?: string;
  includeAttachments?: boolean;
  botUserId?: string;
  botName?: string;
}

export const sendMessageNode = createNodeDescriptor({
  type: SEND_MESSAGE_TYPE,
  defaultLabel: "Send Message to RCE",
  summary: "Mirrors a user or bot message into the conversation's RCE thread, or relays it to the agent",
  appearance: { color: NODE_COLOR, textColor: "white" },
  tags: ["service"],
  dependencies: { children: [SEND_MESSAGE_SENT, SEND_MESSAGE_ERROR] },
  fields: [
    connectionField,
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
    ...storageFields(SEND_MESSAGE_RESULT_KEY),
    timeBudgetField,
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
    STORAGE_SECTION,
    advancedSection(["timeBudgetMs"]),
  ],
  form: [
    { type: "field", key: "connection" },
    { type: "field", key: "from" },
    { type: "field", key: "text" },
    { type: "field", key: "includeAttachments" },
    { type: "section", key: "profile" },
    { type: "section", key: "bot" },
    { type: "section", key: "storage" },
    { type: "section", key: "advanced" },
  ],
  function: async (params: INodeFunctionBaseParams) =>
    runEngageNode<SendMessageConfig>(params, {
      label: "Send Message to RCE",
      resultKey: SEND_MESSAGE_RESULT_KEY,
      errorBranch: SEND_MESSAGE_ERROR,
      run: async ({ config, client, input, profile }) => {
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
              ? botAuthor(config.botUserId, config.botName, now)
              : customerAuthor(profile, config, conversation.userId, now),
          text: config.text?.trim() || (from === "user" ? inputText : ""),
          attachments: from === "user" && config.includeAttachments !== false ? attachmentsOf(input) : [],
        });
        return { branch: SEND_MESSAGE_SENT, result: { ...result } };
      },
    }),
});

export const sendMessageChildren = [
  createChildNode(SEND_MESSAGE_TYPE, { type: SEND_MESSAGE_SENT, label: "On sent", color: NODE_COLOR }),
  createChildNode(SEND_MESSAGE_TYPE, { type: SEND_MESSAGE_ERROR, label: "On error", color: ERROR_COLOR }),
];
