/**
 * What the handover nodes remember between turns, kept in the Cognigy context under one fixed key so
 * Handover to RCE, Send Message to RCE, Lookup Queue Status and End Handover all find it.
 */

export const HANDOVER_STATE_KEY = "rceHandoverState";

export interface HandoverState {
  /** Our Send API thread id (see conversation/threadId.ts). */
  threadId: string;
  /** RCE's own id of that thread, once known: saves a search on every later node. */
  rceThreadId?: string;
  status: "queued" | "ended";
  /** Cognigy inputId whose escalation message was posted: a re-run for the same input posts nothing. */
  escalationInputId?: string;
  escalatedAt?: string;
  endedAt?: string;
  additionalCategoryIds: string[];
  handoverCount: number;
  /** The freshest queue update the Flow received (from the gateway), kept for later lookups. */
  lastQueueUpdate?: { position?: number; estimatedWaitTimeMs?: number; receivedAt: string };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/** The stored state for this thread, or undefined if none (or it belongs to another thread). */
export function readHandoverState(
  context: Record<string, unknown>,
  threadId: string,
): HandoverState | undefined {
  const raw = context[HANDOVER_STATE_KEY];
  if (!raw || typeof raw !== "object") return undefined;
  const state = raw as Partial<HandoverState>;
  if (state.threadId !== threadId || (state.status !== "queued" && state.status !== "ended"))
    return undefined;
  return {
    threadId,
    rceThreadId: typeof state.rceThreadId === "string" ? state.rceThreadId : undefined,
    status: state.status,
    escalationInputId: typeof state.escalationInputId === "string" ? state.escalationInputId : undefined,
    escalatedAt: typeof state.escalatedAt === "string" ? state.escalatedAt : undefined,
    endedAt: typeof state.endedAt === "string" ? state.endedAt : undefined,
    additionalCategoryIds: isStringArray(state.additionalCategoryIds) ? state.additionalCategoryIds : [],
    handoverCount: typeof state.handoverCount === "number" ? state.handoverCount : 0,
    lastQueueUpdate: readQueueUpdate(state.lastQueueUpdate),
  };
}

function readQueueUpdate(value: unknown): HandoverState["lastQueueUpdate"] {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.receivedAt !== "string") return undefined;
  return {
    receivedAt: v.receivedAt,
    position: typeof v.position === "number" ? v.position : undefined,
    estimatedWaitTimeMs: typeof v.estimatedWaitTimeMs === "number" ? v.estimatedWaitTimeMs : undefined,
  };
}
