/**
 * Queue position and wait pushed by RCE (messaging.queuing_update, relayed by the gateway) as the Flow
 * sees them. Cognigy's docs name three places; we read all of them, freshest first:
 * input.data.handover, input.handover.data, input.data.request. Wait times are milliseconds there.
 */
import { queueUpdateOf } from "../../conversation/events";

export interface QueueUpdate {
  position?: number;
  estimatedWaitTimeMs?: number;
  /** When the update reached the gateway (ISO 8601), or when this node first saw it. */
  receivedAt: string;
  threadId?: string;
}

function fromObject(value: unknown, now: string): QueueUpdate | undefined {
  const update = queueUpdateOf(value);
  if (!update) return undefined;
  return {
    position: update.position,
    estimatedWaitTimeMs: update.estimatedWaitTime,
    receivedAt: update.receivedAt ?? now,
    threadId: update.threadId,
  };
}

/** The queue update carried by this input, if any. */
export function queueUpdateFromInput(input: Record<string, unknown>, now: string): QueueUpdate | undefined {
  const data = input.data as Record<string, unknown> | undefined;
  const handover = input.handover as Record<string, unknown> | undefined;
  return fromObject(data?.handover, now) ?? fromObject(handover?.data, now) ?? fromObject(data?.request, now);
}

/** The newer of two updates. */
export function freshest(a: QueueUpdate | undefined, b: QueueUpdate | undefined): QueueUpdate | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a.receivedAt) >= Date.parse(b.receivedAt) ? a : b;
}
