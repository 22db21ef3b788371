/**
 * The Send API thread_id we give a Cognigy conversation. It carries what the gateway needs to send
 * RCE's pushes back to that conversation (Cognigy endpoint URLToken, userId, sessionId), so no
 * database is shared between the nodes and the gateway:
 *
 *   cgy1.<base64url(URLToken)>.<base64url(userId)>.<base64url(sessionId)>
 *
 * The same conversation always gets the same id, which also makes every node idempotent: a re-run
 * finds the thread it created before. No secret goes into it (a URLToken identifies an endpoint).
 */

export const THREAD_ID_PREFIX = "cgy1";

export interface ConversationAddress {
  URLToken: string;
  userId: string;
  sessionId: string;
}

function encode(value: string): string {
  return Buffer.from(value, "utf8").toString("base64url");
}

function decode(value: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return undefined;
  return Buffer.from(value, "base64url").toString("utf8");
}

export function threadIdFor(address: ConversationAddress): string {
  return [THREAD_ID_PREFIX, encode(address.URLToken), encode(address.userId), encode(address.sessionId)].join(
    ".",
  );
}

/** The conversation behind a thread id we created; undefined for any other thread id. */
export function addressOf(threadId: string | undefined | null): ConversationAddress | undefined {
  if (typeof threadId !== "string") return undefined;
  const parts = threadId.split(".");
  if (parts.length !== 4 || parts[0] !== THREAD_ID_PREFIX) return undefined;
  const [URLToken, userId, sessionId] = parts.slice(1).map(decode);
  if (URLToken === undefined || userId === undefined || sessionId === undefined || !userId || !sessionId)
    return undefined;
  return { URLToken, userId, sessionId };
}
