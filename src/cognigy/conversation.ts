import { threadIdFor } from "../conversation/threadId";
import { EngageError } from "../engage/errors";

/** The ids that tie a Cognigy conversation to RCE objects, read defensively from the input. */

export interface ConversationRef {
  userId: string;
  sessionId: string;
  inputId?: string;
  URLToken?: string;
  channel?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

export function conversationOf(input: Record<string, unknown> | undefined): ConversationRef {
  return {
    userId: text(input?.userId) ?? "",
    sessionId: text(input?.sessionId) ?? "",
    inputId: text(input?.inputId),
    URLToken: text(input?.URLToken),
    channel: text(input?.channel),
  };
}

/** The conversation and its RCE thread id; a missing sessionId is a config error (nothing to tie to). */
export function conversationThread(input: Record<string, unknown> | undefined): {
  conversation: ConversationRef;
  threadId: string;
} {
  const conversation = conversationOf(input);
  if (!conversation.sessionId) {
    throw new EngageError(
      "config",
      "The input has no sessionId, so the conversation cannot be tied to an RCE thread.",
    );
  }
  const threadId = threadIdFor({
    URLToken: conversation.URLToken ?? "",
    userId: conversation.userId,
    sessionId: conversation.sessionId,
  });
  return { conversation, threadId };
}
