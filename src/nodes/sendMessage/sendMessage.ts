/**
 * Send Message to RCE, the behaviour: one Send API messages.create into the conversation's thread.
 * Before a handover it mirrors the conversation (the thread stays in the Bot category); during one it
 * relays what the user types to the agent. The message id is derived from the Cognigy input, so a
 * re-run sends the same id rather than a new message.
 */
import type { EngageClient } from "../../engage/client";
import type { SdkAttachment, SdkStructuredContent, SdkUser } from "../../engage/types";
import { MAX_BODY_CHARS, messageId } from "../shared/messages";
import type { NodeOutcome } from "../shared/outcome";

export interface SendMessageArgs {
  threadId: string;
  inputId: string;
  from: "user" | "bot";
  author: SdkUser;
  text: string;
  attachments: SdkAttachment[];
  /** The bot's choices as RCE structured content (the author must be the puppetizable Bot identity). */
  structuredContent?: SdkStructuredContent;
  /** The user picked a choice of the agent's structured message: its payload, and that message's id. */
  pick?: { payload?: string; inReplyToId?: string };
}

export type SendMessageResult =
  | {
      status: "sent";
      messageId: string;
      threadId: string;
      from: "user" | "bot";
      attachments: number;
      truncated: boolean;
      /** A pick relayed as RCE's structured_reply, or the bot's choices sent as structured content. */
      structured?: "reply" | "content";
    }
  | { status: "skipped"; reason: string; threadId: string };

export async function sendMessage(client: EngageClient, args: SendMessageArgs): Promise<SendMessageResult> {
  const text = args.text.trim();
  if (!text && args.attachments.length === 0 && !args.structuredContent)
    return { status: "skipped", reason: "no text and no attachment to send", threadId: args.threadId };
  const id = messageId(args.threadId, args.from, args.inputId, text);
  const truncated = text.length > MAX_BODY_CHARS;
  await client.sendApi.send("messages.create", {
    id,
    thread_id: args.threadId,
    author: args.author,
    format: "text",
    actions: ["show", "reply"],
    ...(text ? { body: truncated ? `${text.slice(0, MAX_BODY_CHARS - 1)}…` : text } : {}),
    ...(args.attachments.length > 0 ? { attachments: args.attachments } : {}),
    ...(args.structuredContent ? { structured_content: args.structuredContent } : {}),
    ...(args.pick?.payload ? { structured_reply: { payload: args.pick.payload } } : {}),
    ...(args.pick?.inReplyToId ? { in_reply_to_id: args.pick.inReplyToId } : {}),
  });
  const structured = args.pick?.payload ? "reply" : args.structuredContent ? "content" : undefined;
  return {
    status: "sent",
    messageId: id,
    threadId: args.threadId,
    from: args.from,
    attachments: args.attachments.length,
    truncated,
    ...(structured ? { structured } : {}),
  };
}

/** The node's behaviour: the message, then "On sent". */
export async function runSendMessage(
  client: EngageClient,
  args: SendMessageArgs,
): Promise<NodeOutcome<"sent">> {
  const result = await sendMessage(client, args);
  return { branch: "sent", result: { ...result } };
}
