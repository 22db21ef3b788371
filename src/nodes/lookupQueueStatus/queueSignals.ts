/**
 * Queue position and wait pushed by RCE (messaging.queuing_update, relayed by the gateway) as the Flow
 * sees them. Cognigy's docs name three places; we read all of them, freshest first:
 * input.data.handover, input.handover.data, input.data.request. Wait times are milliseconds there.
 */

export interface QueueUpdate {
  position?: number;
  estimatedWaitTimeMs?: number;
  /** When the update reached the gateway (ISO 8601), or when this node first saw it. */
  receivedAt: string;
  threadId?: string;
}

function num(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function fromObject(value: unknown, now: string): QueueUpdate | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (v.type !== undefined && v.type !== "queueUpdate") return undefined;
  const position = num(v.position);
  const estimatedWaitTimeMs = num(v.estimatedWaitTime);
  if (position === undefined && estimatedWaitTimeMs === undefined) return undefined;
  const receivedAt =
    typeof v.receivedAt === "string" && !Number.isNaN(Date.parse(v.receivedAt)) ? v.receivedAt : now;
  return {
    position,
    estimatedWaitTimeMs,
    receivedAt,
    threadId: typeof v.threadId === "string" ? v.threadId : undefined,
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
