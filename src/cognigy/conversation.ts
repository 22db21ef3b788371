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
