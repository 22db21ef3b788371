/**
 * End Handover, the behaviour: give the conversation back to the bot.
 *
 *   find RCE's thread      remembered id, or one search
 *   categories             PUT update_categories with (current − Agent − additional) ∪ Bot (skipped when already right)
 *   [close intervention]   GET /interventions?thread_id=…, PUT /interventions/{id}/close   (only when asked)
 *
 * RCE closes an intervention only when it has an agent reply and belongs to the token's agent (or
 * that agent may close others'): a 403 there is reported, not fatal.
 */
import type { EngageClient } from "../../engage/client";
import { isEngageError } from "../../engage/errors";
import { isInterventionClosed } from "../../engage/objects";
import { returnedCategories } from "../shared/categories";
import { ESCALATION_STATE_KEY, type EscalationState } from "../shared/escalationState";
import { inputHandover } from "../shared/inputHandover";
import type { NodeOutcome } from "../shared/outcome";
import { recategorizeConversation } from "../shared/rceThread";

const MAX_INTERVENTIONS_CLOSED = 3;

export type InterventionOutcome =
  | { status: "not requested" }
  | { status: "none open" }
  | { status: "closed"; interventionIds: string[]; alreadyClosed?: true }
  | { status: "not closed"; interventionIds: string[]; reason: string };

export type EndHandoverResult =
  | {
      status: "ended";
      threadId: string;
      rceThreadId: string;
      categoryIds: string[];
      categoriesChanged: boolean;
      intervention: InterventionOutcome;
      endedAt: string;
    }
  | { status: "no_thread"; threadId: string; reason: string };

export interface EndHandoverArgs {
  threadId: string;
  state?: EscalationState;
  closeIntervention: boolean;
  maxImportWaitMs: number;
}

async function closeOpenInterventions(
  client: EngageClient,
  rceThreadId: string,
): Promise<InterventionOutcome> {
  const open = (await client.rest.listInterventions({ thread_id: rceThreadId })).records
    .filter((i) => !isInterventionClosed(i))
    .slice(0, MAX_INTERVENTIONS_CLOSED);
  if (open.length === 0) return { status: "none open" };
  const ids = open.map((i) => i.id);
  try {
    for (const id of ids) await client.rest.closeIntervention(id);
    return { status: "closed", interventionIds: ids };
  } catch (error) {
    if (isEngageError(error) && error.kind === "permission") {
      // 403 also means "already closed" (by the agent meanwhile, or by a retried attempt of ours).
      const now = (await client.rest.listInterventions({ thread_id: rceThreadId })).records;
      const stillOpen = now.filter((i) => ids.includes(i.id) && !isInterventionClosed(i));
      if (stillOpen.length === 0) return { status: "closed", interventionIds: ids, alreadyClosed: true };
      return { status: "not closed", interventionIds: ids, reason: error.message };
    }
    if (isEngageError(error) && error.kind === "conflict") {
      return { status: "not closed", interventionIds: ids, reason: error.message };
    }
    throw error;
  }
}

export async function endHandover(
  client: EngageClient,
  args: EndHandoverArgs,
): Promise<{ result: EndHandoverResult; state?: EscalationState }> {
  if (!args.state) {
    if (!(await client.rest.findThread(args.threadId)).thread) {
      return {
        result: {
          status: "no_thread",
          threadId: args.threadId,
          reason: "RCE has no thread for this conversation: nothing to give back",
        },
      };
    }
  }
  const located = await recategorizeConversation(client, args, (current) =>
    returnedCategories(current, client.settings, args.state?.additionalCategoryIds ?? []),
  );
  const intervention = args.closeIntervention
    ? await closeOpenInterventions(client, located.thread.id)
    : ({ status: "not requested" } as const);
  const endedAt = new Date().toISOString();
  return {
    state: {
      threadId: args.threadId,
      rceThreadId: located.thread.id,
      status: "ended",
      endedAt,
      escalatedAt: args.state?.escalatedAt,
      additionalCategoryIds: [],
      handoverCount: args.state?.handoverCount ?? 0,
      // RCE's events already applied stay applied: a late one must not move a later handover.
      lastEventAt: args.state?.lastEventAt,
      appliedEventIds: args.state?.appliedEventIds,
    },
    result: {
      status: "ended",
      threadId: args.threadId,
      rceThreadId: located.thread.id,
      categoryIds: located.categoryIds,
      categoriesChanged: located.categoriesChanged,
      intervention,
      endedAt,
    },
  };
}

/** The node's behaviour: the end, the state it leaves and `input.handover` "completed", then "On done". */
export async function runEndHandover(
  client: EngageClient,
  args: EndHandoverArgs,
): Promise<NodeOutcome<"done">> {
  const { result, state } = await endHandover(client, args);
  return {
    branch: "done",
    result: { ...result },
    ...(state ? { contextExtras: { [ESCALATION_STATE_KEY]: state } } : {}),
    inputExtras: inputHandover("completed", {
      threadId: args.threadId,
      rceThreadId: result.status === "ended" ? result.rceThreadId : undefined,
    }),
  };
}
