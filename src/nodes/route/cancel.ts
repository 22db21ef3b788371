/**
 * The user cancels while waiting for an agent (Route to RCE's Cancel Intent or Cancel Button text).
 * RCE cancels (destroys) an intervention that is not closed and has no agent reply
 * (DELETE /interventions/{id}/cancel, spec cancelIntervention); whatever RCE has, the conversation
 * then goes back to the bot as End Handover does (Agent category out, Bot in). The user's words are
 * not relayed to the agent.
 */
import type { EngageClient } from "../../engage/client";
import { isEngageError } from "../../engage/errors";
import { isInterventionClosed } from "../../engage/objects";
import { type EndHandoverResult, endHandover } from "../endHandover/endHandover";
import type { EscalationState } from "../shared/escalationState";

const MAX_CANCELLED = 3;

export type CancelOutcome =
  | { status: "cancelled"; interventionIds: string[] }
  | { status: "none open" }
  | { status: "not cancelled"; interventionIds: string[]; reason: string };

export interface CancelResult {
  status: "cancelled";
  intervention: CancelOutcome;
  end: EndHandoverResult;
}

async function cancelOpenInterventions(client: EngageClient, rceThreadId: string): Promise<CancelOutcome> {
  const open = (await client.rest.listInterventions({ thread_id: rceThreadId })).records
    .filter((i) => !isInterventionClosed(i))
    .slice(0, MAX_CANCELLED);
  if (open.length === 0) return { status: "none open" };
  const ids = open.map((i) => i.id);
  const replied = open.filter((i) => (i.user_replies_count ?? 0) > 0);
  if (replied.length > 0) {
    return {
      status: "not cancelled",
      interventionIds: ids,
      reason: "an agent has already replied, and RCE cancels only interventions without agent replies",
    };
  }
  try {
    for (const id of ids) await client.rest.cancelIntervention(id);
    return { status: "cancelled", interventionIds: ids };
  } catch (error) {
    if (isEngageError(error) && ["permission", "conflict", "not_found"].includes(error.kind)) {
      return { status: "not cancelled", interventionIds: ids, reason: error.message };
    }
    throw error;
  }
}

export async function cancelHandover(
  client: EngageClient,
  args: { threadId: string; state: EscalationState; maxImportWaitMs: number },
): Promise<{ result: CancelResult; state: EscalationState }> {
  const intervention = args.state.rceThreadId
    ? await cancelOpenInterventions(client, args.state.rceThreadId)
    : ({ status: "none open" } as const);
  const ended = await endHandover(client, {
    threadId: args.threadId,
    state: args.state,
    closeIntervention: false,
    maxImportWaitMs: args.maxImportWaitMs,
  });
  return {
    result: { status: "cancelled", intervention, end: ended.result },
    state: {
      ...args.state,
      ...ended.state,
      status: "cancelled",
      agent: undefined,
      waitingMessage: undefined,
    },
  };
}
