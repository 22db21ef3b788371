/**
 * What a node's behaviour decides, in the node's own words: which of its branches to take and what to
 * store, say and keep. The behaviour files return it without knowing Cognigy; src/cognigy/engageNode.ts
 * turns it into api calls and the branch's child node.
 */
/** The levels of Cognigy's api.log, which the node's log line goes to. */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface NodeOutcome<B extends string = string> {
  /** One of the node's branch names (its descriptor's `branches` keys). */
  branch: B;
  /**
   * Stored where the builder chose, with `rceRequests` and `durationMs` added; must hold no secrets
   * (it is redacted again anyway).
   */
  result: Record<string, unknown>;
  /** Something to tell the user, e.g. the waiting message. */
  say?: string;
  /** Cognigy output data sent with `say` (quick replies). */
  sayData?: Record<string, unknown>;
  /** Extra input keys Cognigy itself reads (Handover nodes set `handover`). */
  inputExtras?: Record<string, unknown>;
  /** State kept for later nodes of the conversation (the escalation state). */
  contextExtras?: Record<string, unknown>;
  log?: { level: LogLevel; text: string };
}
