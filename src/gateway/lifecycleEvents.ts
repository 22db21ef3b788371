/**
 * The gateway's mapping of RCE webhook events to the handover moments the Flow gets
 * (conversation/events.ts LifecycleEvent). Which events, and which moment each stands for, come from
 * the one list in src/engage/webhookEvents.ts; here only where the agent and the time are read.
 */
import type { LifecycleEvent } from "../conversation/events";
import type { WebhookEvent } from "../engage/types";
import { type HandoverMoment, momentOf } from "../engage/webhookEvents";

/** The moment names of both layers are the same strings: this fails to compile when they drift. */
const SAME_NAMES: HandoverMoment extends LifecycleEvent["type"]
  ? LifecycleEvent["type"] extends HandoverMoment
    ? true
    : never
  : never = true;
void SAME_NAMES;

/** The moment this RCE event stands for; undefined = acknowledged and ignored. */
export function lifecycleMomentOf(type: string): LifecycleEvent["type"] | undefined {
  return momentOf(type);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Who has the conversation after the event. Intervention events name the intervention's agent in
 * `metadata.user_id` (the event's `user_id` is whoever triggered it, e.g. a supervisor); task events
 * name the agents the task is assigned to in `agent_ids` (for task.transferred: the new agent), and
 * task.taken the agent who accepted it as the event's `user_id`.
 */
function agentOf(event: WebhookEvent): string | null {
  const metadata = event.resource.metadata ?? {};
  if (event.resource.type === "task") {
    const ids = Array.isArray(metadata.agent_ids) ? metadata.agent_ids.filter((id) => text(id)) : [];
    return (event.type === "task.taken" ? text(event.user_id) : undefined) ?? text(ids[0]) ?? null;
  }
  return text(metadata.user_id) ?? text(event.user_id) ?? null;
}

export function lifecycleEventOf(
  event: WebhookEvent,
  type: LifecycleEvent["type"],
  rceThreadId: string,
  threadId: string,
): LifecycleEvent {
  const metadata = event.resource.metadata ?? {};
  const issuedAt = text(event.issued_at) ?? new Date().toISOString();
  const interventionId =
    event.resource.type === "intervention"
      ? String(event.resource.id)
      : (text(metadata.intervention_id) ?? null);
  return {
    type,
    source: "rce",
    rceEvent: event.type,
    eventId: event.id,
    interventionId,
    rceThreadId,
    threadId,
    agentId: agentOf(event),
    at: (type === "conversationClosed" ? text(metadata.closed_at) : undefined) ?? issuedAt,
    issuedAt,
  };
}
