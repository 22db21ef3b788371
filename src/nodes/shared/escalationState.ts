/**
 * The escalation state: what the nodes remember between turns about this conversation's escalation
 * to RCE's agents (queued or ended, RCE's thread id, the freshest queue update). It lives in the
 * Cognigy context under one fixed key, so the nodes of later turns find it. Not `input.handover`
 * (./inputHandover.ts, for Cognigy's own Lookup node), nor the Handover to RCE node (which writes
 * this state first).
 */

/** The context key; Flows and scripts/demo.ts read it, so it never changes. */
export const ESCALATION_STATE_KEY = "rceHandoverState";

export interface EscalationState {
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
export function readEscalationState(
  context: Record<string, unknown>,
  threadId: string,
): EscalationState | undefined {
  const raw = context[ESCALATION_STATE_KEY];
  if (!raw || typeof raw !== "object") return undefined;
  const state = raw as Partial<EscalationState>;
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

function readQueueUpdate(value: unknown): EscalationState["lastQueueUpdate"] {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.receivedAt !== "string") return undefined;
  return {
    receivedAt: v.receivedAt,
    position: typeof v.position === "number" ? v.position : undefined,
    estimatedWaitTimeMs: typeof v.estimatedWaitTimeMs === "number" ? v.estimatedWaitTimeMs : undefined,
  };
}
