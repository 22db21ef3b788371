/**
 * `input.handover`, in the shape Cognigy's own Lookup node (type "Handover Status") switches on:
 * `input.handover.status`. Values: "queue" (waiting for an agent), "active" (an agent has it),
 * "deferred" (the agent deferred it and comes back later), "completed" (the agent closed or the bot
 * took over again), "cancelled" (the user cancelled while waiting), "error", and our own
 * "unavailable" (no agent was available, nothing was escalated). Queue figures sit in `data`, where Cognigy's
 * Lookup example reads them. It is for the Flow of this turn; what the nodes themselves remember
 * between turns is the escalation state (./escalationState.ts).
 */
import type { EngageErrorInfo } from "../../engage/errors";
import type { HandoverStatus } from "./escalationState";

export type InputHandoverStatus =
  | "queue"
  | "active"
  | "deferred"
  | "completed"
  | "cancelled"
  | "error"
  | "unavailable";

/** `input.handover.status` follows the escalation state. */
export const INPUT_HANDOVER_STATUS: Record<HandoverStatus, InputHandoverStatus> = {
  queued: "queue",
  with_agent: "active",
  away: "deferred",
  ended: "completed",
  cancelled: "cancelled",
};

export interface InputHandover {
  status: InputHandoverStatus;
  provider: "rce";
  threadId?: string;
  rceThreadId?: string;
  data?: { position?: number; estimatedWaitTime?: number };
  error?: { reason: "error"; message: string };
}

export function inputHandover(
  status: InputHandoverStatus,
  ids: { threadId?: string; rceThreadId?: string } = {},
  data?: InputHandover["data"],
): { handover: InputHandover } {
  return { handover: { status, provider: "rce", ...ids, ...(data ? { data } : {}) } };
}

/** A node's onError: the failure, where Cognigy's Lookup node reads it. */
export function inputHandoverOnError(error: EngageErrorInfo): { inputExtras: { handover: InputHandover } } {
  return {
    inputExtras: {
      handover: { status: "error", provider: "rce", error: { reason: "error", message: error.message } },
    },
  };
}
