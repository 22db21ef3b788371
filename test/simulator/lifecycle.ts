/**
 * What agents, supervisors and routing do to a conversation besides engaging, replying and closing
 * (domain.ts), each firing the webhook events RCE documents for it (webhooks/events.md), in its
 * shapes, to the webhooks subscribed to them (SimDomain.emit): a ringing task taken, an intervention
 * assigned, transferred, deferred and reactivated, a task undelivered or abandoned in a workbin.
 */
import type { SimDomain } from "./domain";
import { nowIso } from "./ids";
import type { SimIntervention, SimTask } from "./types";

function openTask(domain: SimDomain, interventionId: string): SimTask | undefined {
  return [...domain.store.tasks.values()].find(
    (t) => t.intervention_id === interventionId && t.completed_at === null,
  );
}

function requireIntervention(domain: SimDomain, id: string): SimIntervention {
  const intervention = domain.store.interventions.get(id);
  if (!intervention) throw new Error(`simulator: unknown intervention ${id}`);
  return intervention;
}

function requireTask(domain: SimDomain, id: string): SimTask {
  const task = domain.store.tasks.get(id);
  if (!task) throw new Error(`simulator: unknown task ${id}`);
  return task;
}

/**
 * An agent accepts a ringing task of the global queue: the intervention opens for them
 * (intervention.opened), the task goes to their workbin (task.taken, metadata `type: "ring"`).
 */
export function takeTask(domain: SimDomain, taskId: string, agentId: string): SimIntervention {
  const task = requireTask(domain, taskId);
  if (!task.thread_id) throw new Error("simulator: the task has no thread");
  const { intervention } = domain.engage(task.thread_id, agentId);
  const now = nowIso();
  task.intervention_id = intervention.id;
  task.agent_ids = [agentId];
  task.accepted_at = now;
  task.updated_at = now;
  domain.store.setTaskQueue(task.id, `workbin_${agentId}`);
  const taken = domain.taskEvent("task.taken", task, agentId);
  (taken.resource.metadata as Record<string, unknown>).type = "ring";
  domain.emit([taken]);
  return intervention;
}

/** A supervisor assigns the intervention to an agent (intervention.assigned). */
export function assignIntervention(
  domain: SimDomain,
  interventionId: string,
  agentId: string,
  by: string,
): void {
  const intervention = requireIntervention(domain, interventionId);
  intervention.user_id = agentId;
  intervention.updated_at = nowIso();
  domain.emit([domain.interventionEvent("intervention.assigned", intervention, by)]);
}

/**
 * An agent or an administrator transfers the conversation to another agent: the task goes to the
 * new agent's workbin (task.transferred, `user_id` = who transferred it) and the intervention changes
 * agent (intervention.user_updated).
 */
export function transfer(domain: SimDomain, interventionId: string, toAgentId: string, by: string): void {
  const intervention = requireIntervention(domain, interventionId);
  const now = nowIso();
  intervention.user_id = toAgentId;
  intervention.updated_at = now;
  const task = openTask(domain, interventionId);
  const events = [];
  if (task) {
    task.agent_ids = [toAgentId];
    task.transfered_at = now;
    task.updated_at = now;
    domain.store.setTaskQueue(task.id, `workbin_${toAgentId}`);
    events.push(domain.taskEvent("task.transferred", task, by));
  }
  events.push(domain.interventionEvent("intervention.user_updated", intervention, by));
  domain.emit(events);
}

/** The agent defers the intervention (intervention.deferred, and task.completed with action "deferred"). */
export function defer(domain: SimDomain, interventionId: string, agentId: string): void {
  const intervention = requireIntervention(domain, interventionId);
  const now = nowIso();
  intervention.deferred_at = now;
  intervention.updated_at = now;
  const task = openTask(domain, interventionId);
  const events = [domain.interventionEvent("intervention.deferred", intervention, agentId)];
  if (task) {
    task.completed_at = now;
    task.updated_at = now;
    domain.store.setTaskQueue(task.id, "deferred");
    events.push(domain.taskEvent("task.completed", task, agentId, "deferred"));
  }
  domain.store.refreshThread(intervention.thread_id);
  domain.emit(events);
}

/** The deferral time is over (intervention.reactivated; no agent triggered it, so no `user_id`). */
export function reactivate(domain: SimDomain, interventionId: string): void {
  const intervention = requireIntervention(domain, interventionId);
  intervention.deferred_at = null;
  intervention.updated_at = nowIso();
  domain.store.refreshThread(intervention.thread_id);
  domain.emit([domain.interventionEvent("intervention.reactivated", intervention, null)]);
}

/** Routing moves the task into the undelivered queue (task.undelivered). */
export function undeliver(domain: SimDomain, taskId: string): void {
  const task = requireTask(domain, taskId);
  task.updated_at = nowIso();
  domain.store.setTaskQueue(task.id, "undelivered");
  domain.emit([domain.taskEvent("task.undelivered", task, null)]);
}

/** An agent left the task in their workbin too long: RCE takes it back to route it again. */
export function expireFromWorkbin(domain: SimDomain, taskId: string): void {
  const task = requireTask(domain, taskId);
  task.agent_ids = [];
  task.updated_at = nowIso();
  domain.store.setTaskQueue(task.id, "global");
  domain.emit([domain.taskEvent("task.expired_from_workbin", task, null)]);
}
