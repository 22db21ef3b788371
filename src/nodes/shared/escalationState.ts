/**
 * The escalation state: what the nodes remember between turns about this conversation's escalation
 * to RCE's agents (where the handover stands, who has it, RCE's thread id, the freshest queue update,
 * the newest RCE event applied; how it moves: ./handoverLifecycle.ts). It lives in the
 * Cognigy context under one fixed key, so the nodes of later turns find it. Not `input.handover`
 * (./inputHandover.ts, for Cognigy's own Lookup node), nor the Handover to RCE node (which writes
 * this state first).
 */
import type { AgentBrief } from "./agentBrief";

/** The context key; Flows and scripts/demo.ts read it, so it never changes. */
export const ESCALATION_STATE_KEY = "rceHandoverState";

export const HANDOVER_STATUSES = ["queued", "with_agent", "away", "ended", "cancelled"] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

/** A handover in progress: the user's turns go to RCE, not to the bot. */
export function isActive(state: EscalationState | undefined): state is EscalationState {
  return state?.status === "queued" || state?.status === "with_agent" || state?.status === "away";
}

export const RECENT_EVENT_IDS = 20;

export interface EscalationState {
  /** Our Send API thread id (see conversation/threadId.ts). */
  threadId: string;
  /** RCE's own id of that thread, once known: saves a search on every later node. */
  rceThreadId?: string;
  /**
   * Where the handover stands: waiting for an agent (`queued`), with an agent, the agent away
   * (deferred), ended (back with the bot), or cancelled by the user (back with the bot).
   */
  status: HandoverStatus;
  /** The agent who has the conversation (with_agent, away), name as RCE gives it. */
  agent?: { id: string; name: string | null };
  /** RCE's `issued_at` of the newest event applied: an older one changes nothing. */
  lastEventAt?: string;
  /** Ids of the last events applied (at most RECENT_EVENT_IDS): a repeated one changes nothing. */
  appliedEventIds?: string[];
  /** While queued: queue updates since the waiting message was last said, and when it was. */
  waitingMessage?: { updatesSince: number; saidAt: string };
  /** Cognigy inputId whose escalation message was posted: a re-run for the same input posts nothing. */
  escalationInputId?: string;
  escalatedAt?: string;
  endedAt?: string;
  additionalCategoryIds: string[];
  handoverCount: number;
  /** The freshest queue update the Flow received (from the gateway), kept for later lookups. */
  lastQueueUpdate?: { position?: number; estimatedWaitTimeMs?: number; receivedAt: string };
  /** The note and custom fields Handover to RCE left for the intervention, while it does not exist. */
  brief?: AgentBrief;
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
  if (state.threadId !== threadId || !(HANDOVER_STATUSES as readonly unknown[]).includes(state.status))
    return undefined;
  return {
    threadId,
    rceThreadId: typeof state.rceThreadId === "string" ? state.rceThreadId : undefined,
    status: state.status as HandoverStatus,
    agent: readAgent(state.agent),
    lastEventAt: typeof state.lastEventAt === "string" ? state.lastEventAt : undefined,
    appliedEventIds: isStringArray(state.appliedEventIds) ? state.appliedEventIds : undefined,
    waitingMessage: readWaitingMessage(state.waitingMessage),
    escalationInputId: typeof state.escalationInputId === "string" ? state.escalationInputId : undefined,
    escalatedAt: typeof state.escalatedAt === "string" ? state.escalatedAt : undefined,
    endedAt: typeof state.endedAt === "string" ? state.endedAt : undefined,
    additionalCategoryIds: isStringArray(state.additionalCategoryIds) ? state.additionalCategoryIds : [],
    handoverCount: typeof state.handoverCount === "number" ? state.handoverCount : 0,
    lastQueueUpdate: readQueueUpdate(state.lastQueueUpdate),
    brief: readBrief(state.brief),
  };
}

function readBrief(value: unknown): AgentBrief | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  const note = typeof v.note === "string" && v.note ? v.note : undefined;
  const fields = v.customFields && typeof v.customFields === "object" ? v.customFields : undefined;
  const customFields =
    fields && Object.values(fields).every((x) => typeof x === "string")
      ? (fields as Record<string, string>)
      : undefined;
  return note || customFields
    ? { ...(note ? { note } : {}), ...(customFields ? { customFields } : {}) }
    : undefined;
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

function readAgent(value: unknown): EscalationState["agent"] {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string") return undefined;
  return { id: v.id, name: typeof v.name === "string" ? v.name : null };
}

function readWaitingMessage(value: unknown): EscalationState["waitingMessage"] {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.saidAt !== "string" || typeof v.updatesSince !== "number") return undefined;
  return { saidAt: v.saidAt, updatesSince: v.updatesSince };
}
