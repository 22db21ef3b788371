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

/**
 * A message id inside one of our threads: `<thread id>.<local id>`. Ids RCE echoes back
 * (in_reply_to_id of a queue update, or of an agent reply) then lead to the conversation as well.
 */
export function messageIdIn(threadId: string, localId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(localId)) throw new Error("A local message id holds only [A-Za-z0-9_-].");
  return `${threadId}.${localId}`;
}

/**
 * The conversation behind a thread id or message id we created; undefined for any other id (and for
 * anything that is not a string: callers pass what RCE sent).
 */
export function addressOf(id: unknown): ConversationAddress | undefined {
  const threadId = threadIdOf(id);
  if (!threadId) return undefined;
  const [URLToken, userId, sessionId] = threadId.split(".").slice(1).map(decode);
  if (URLToken === undefined || userId === undefined || sessionId === undefined || !userId || !sessionId)
    return undefined;
  return { URLToken, userId, sessionId };
}

/** Our thread id inside a thread id or message id of ours. */
export function threadIdOf(id: unknown): string | undefined {
  if (typeof id !== "string") return undefined;
  const parts = id.split(".");
  if (parts[0] !== THREAD_ID_PREFIX || (parts.length !== 4 && parts.length !== 5)) return undefined;
  if (parts.length === 5 && !/^[A-Za-z0-9_-]+$/.test(parts[4])) return undefined;
  return parts.slice(0, 4).join(".");
}
