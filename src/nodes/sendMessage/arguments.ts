/** Send Message to RCE, its arguments: the node's config and the input read into the message to send. */
import { conversationThread } from "../../cognigy/conversation";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import type { ProfileNodeSettings } from "../../profile/options";
import { botAuthor, customerAuthor } from "../shared/authors";
import { type IdentityConfig, identitiesOf } from "../shared/fields";
import { attachmentsOf } from "../shared/messages";
import type { SendMessageArgs } from "./sendMessage";

export interface SendMessageConfig extends BaseNodeConfig, ProfileNodeSettings, IdentityConfig {
  from?: "user" | "bot";
  text?: string;
  includeAttachments?: boolean;
}

export function sendMessageArguments({
  config,
  input,
  profile,
}: NodeRun<SendMessageConfig>): SendMessageArgs {
  const { conversation, threadId } = conversationThread(input);
  const now = new Date();
  const from = config.from === "bot" ? "bot" : "user";
  const inputText = typeof input.text === "string" ? input.text : "";
  return {
    threadId,
    inputId: conversation.inputId ?? now.toISOString(),
    from,
    author:
      from === "bot"
        ? botAuthor(identitiesOf(config), now)
        : customerAuthor(profile, config, conversation.userId, now),
    text: config.text?.trim() || (from === "user" ? inputText : ""),
    attachments: from === "user" && config.includeAttachments !== false ? attachmentsOf(input) : [],
  };
}
