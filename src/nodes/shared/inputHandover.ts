/**
 * `input.handover`, in the shape Cognigy's own Lookup node (type "Handover Status") switches on:
 * `input.handover.status`. Values: "queue" (waiting for an agent), "active" (an agent has it),
 * "completed" (the agent closed or the bot took over again), "error", and our own "unavailable"
 * (no agent was available, nothing was escalated). Queue figures sit in `data`, where Cognigy's
 * Lookup example reads them.
 */
import type { EngageErrorInfo } from "../../engage/errors";

export type CognigyHandoverStatus = "queue" | "active" | "completed" | "error" | "unavailable";

export interface CognigyHandover {
  status: CognigyHandoverStatus;
  provider: "rce";
  threadId?: string;
  rceThreadId?: string;
  data?: { position?: number; estimatedWaitTime?: number };
  error?: { reason: "error"; message: string };
}

export function handoverInput(
  status: CognigyHandoverStatus,
  ids: { threadId?: string; rceThreadId?: string } = {},
  data?: CognigyHandover["data"],
): { handover: CognigyHandover } {
  return { handover: { status, provider: "rce", ...ids, ...(data ? { data } : {}) } };
}

export function handoverErrorInput(error: EngageErrorInfo): { inputExtras: { handover: CognigyHandover } } {
  return {
    inputExtras: {
      handover: { status: "error", provider: "rce", error: { reason: "error", message: error.message } },
    },
  };
}
