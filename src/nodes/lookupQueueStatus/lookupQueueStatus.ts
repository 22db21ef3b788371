/**
 * Lookup Queue Status, the behaviour: where the conversation stands. A Flow may ask on every turn
 * while the user waits, so each answer asks RCE only what it needs:
 *
 *   not escalated   no escalation state, or the handover was ended         nothing
 *   closed          the newest intervention is closed by the agent         GET /interventions?thread_id=
 *   assigned        an open intervention has an agent                      + GET /users/{id} for the name
 *   queued          escalated, no agent yet; position and wait from the freshest pushed update, else
 *                   an estimate from RCE's routing queue and agent status   + GET /tasks, GET /status (estimate only)
 */
import type { EngageClient } from "../../engage/client";
import { isInterventionClosed } from "../../engage/objects";
import type { RceIntervention } from "../../engage/types";
import { countAvailableAgents, readAgentName } from "../shared/agents";
import { ESCALATION_STATE_KEY, type EscalationState, isActive } from "../shared/escalationState";
import { type InputHandoverStatus, inputHandover } from "../shared/inputHandover";
import type { NodeOutcome } from "../shared/outcome";
import type { QueueUpdate } from "../shared/queueSignals";
import { overThreshold, type ThresholdConfig } from "../shared/queueThresholds";
import { queueMessage } from "./queueMessage";

export type QueueStatus = "not_escalated" | "queued" | "assigned" | "closed";

export interface QueueFigures {
  source: "push" | "estimate" | "none";
  position?: number;
  estimatedWaitTimeMs?: number;
  /** Age of the figures: time since the push arrived (push) or 0 (estimate, computed now). */
  ageMs?: number;
  /** How an estimate was made. */
  method?: string;
}

export interface LookupResult extends QueueFigures {
  status: QueueStatus;
  threadId: string;
  rceThreadId?: string;
  interventionId?: string;
  agent?: { id: string; name?: string };
  checkedAt: string;
}

export interface LookupArgs {
  threadId: string;
  state?: EscalationState;
  push?: QueueUpdate;
  /** Average minutes an agent needs per conversation, for estimates. */
  averageHandleMinutes: number;
  estimate: boolean;
}

function newest(interventions: RceIntervention[]): RceIntervention | undefined {
  return [...interventions].sort(
    (a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""),
  )[0];
}

/**
 * Estimate from the routing queue: RCE lists pending tasks by priority, then newest first, which is
 * not the order agents take them. We count tasks ahead of ours (higher priority, or same priority
 * and older) and divide the work ahead by the agents available on the source.
 */
async function estimate(
  client: EngageClient,
  rceThreadId: string,
  averageHandleMinutes: number,
): Promise<QueueFigures> {
  const tasks = (await client.rest.listTasks({ queue: "global" }, { limit: 150 })).records;
  const ours = tasks.find((task) => task.thread_id === rceThreadId);
  if (!ours)
    return {
      source: "none",
      method: "no pending routing task found for this thread (task mode off, or already taken)",
    };
  const ourTime = Date.parse(ours.created_at ?? "");
  const ahead = tasks.filter(
    (t) =>
      t !== ours &&
      ((t.priority ?? 0) > (ours.priority ?? 0) ||
        ((t.priority ?? 0) === (ours.priority ?? 0) && Date.parse(t.created_at ?? "") < ourTime)),
  ).length;
  const statuses = await client.rest.getAgentStatuses({ source_ids: [client.settings.sourceId] });
  const agents = countAvailableAgents(statuses);
  const position = ahead + 1;
  const estimatedWaitTimeMs = Math.round(((ahead + 1) * averageHandleMinutes * 60_000) / Math.max(1, agents));
  return {
    source: "estimate",
    position,
    estimatedWaitTimeMs,
    ageMs: 0,
    method: `${ahead} task(s) ahead in RCE's routing queue, ${agents} available agent(s), ${averageHandleMinutes} min per conversation`,
  };
}

export async function lookupQueueStatus(client: EngageClient, args: LookupArgs): Promise<LookupResult> {
  const base = { threadId: args.threadId, checkedAt: new Date().toISOString() };

  if (!isActive(args.state) || !args.state.rceThreadId) {
    return { status: "not_escalated", source: "none", ...base };
  }
  const rceThreadId = args.state.rceThreadId;
  const interventions = (await client.rest.listInterventions({ thread_id: rceThreadId }, { limit: 20 }))
    .records;
  const open = interventions.find((i) => !isInterventionClosed(i) && i.user_id);
  if (open?.user_id) {
    const name = await readAgentName(client, open.user_id);
    return {
      status: "assigned",
      source: "none",
      rceThreadId,
      interventionId: open.id,
      agent: { id: open.user_id, ...(name ? { name } : {}) },
      ...base,
    };
  }
  const latest = newest(interventions);
  const escalatedAt = Date.parse(args.state.escalatedAt ?? "");
  if (
    latest !== undefined &&
    isInterventionClosed(latest) &&
    Date.parse(latest.closed_at ?? latest.updated_at ?? "") >= (Number.isNaN(escalatedAt) ? 0 : escalatedAt)
  ) {
    return {
      status: "closed",
      source: "none",
      rceThreadId,
      interventionId: latest.id,
      ...(latest.user_id ? { agent: { id: latest.user_id } } : {}),
      ...base,
    };
  }
  if (args.push && (!args.push.threadId || args.push.threadId === args.threadId)) {
    return {
      status: "queued",
      source: "push",
      position: args.push.position,
      estimatedWaitTimeMs: args.push.estimatedWaitTimeMs,
      ageMs: Math.max(0, Date.now() - Date.parse(args.push.receivedAt)),
      rceThreadId,
      ...base,
    };
  }
  const figures: QueueFigures = args.estimate
    ? await estimate(client, rceThreadId, args.averageHandleMinutes)
    : { source: "none" };
  return { status: "queued", ...figures, rceThreadId, ...base };
}

/** Named as the lookup names the status, so a status is its own branch. */
export type LookupBranch = QueueStatus | "overThreshold";

/** Lookup Queue Status's arguments: the lookup's, and what the node tells of its answer. */
export interface LookupNodeArgs {
  lookup: LookupArgs;
  /** The queue update this input pushed, if any: kept in the state. */
  pushed?: QueueUpdate;
  /** Said when queued (see queueMessage). */
  queueMessage?: string;
  thresholds: ThresholdConfig;
}

const COGNIGY_STATUS: Record<QueueStatus, InputHandoverStatus | undefined> = {
  not_escalated: undefined,
  queued: "queue",
  assigned: "active",
  closed: "completed",
};

/** The node's behaviour: the lookup, its branch, the queue message and `input.handover`. */
export async function runLookupQueueStatus(
  client: EngageClient,
  args: LookupNodeArgs,
): Promise<NodeOutcome<LookupBranch>> {
  const { threadId, state } = args.lookup;
  const { pushed } = args;
  const result = await lookupQueueStatus(client, args.lookup);
  const status = COGNIGY_STATUS[result.status];
  const say = result.status === "queued" ? queueMessage(args.queueMessage, result) : undefined;
  return {
    branch:
      result.status === "queued" && overThreshold(result, args.thresholds) ? "overThreshold" : result.status,
    result: { ...result },
    say,
    ...(pushed && state
      ? { contextExtras: { [ESCALATION_STATE_KEY]: { ...state, lastQueueUpdate: pushed } } }
      : {}),
    ...(status
      ? {
          inputExtras: inputHandover(
            status,
            { threadId, rceThreadId: result.rceThreadId },
            result.position !== undefined || result.estimatedWaitTimeMs !== undefined
              ? { position: result.position, estimatedWaitTime: result.estimatedWaitTimeMs }
              : undefined,
          ),
        }
      : {}),
  };
}
