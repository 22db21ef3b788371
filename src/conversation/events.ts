/**
 * What the gateway tells the Flow: the handover events it sends into a conversation (an agent's
 * reply through Cognigy's notify, the others through inject) as `input.data.handover`. Written here
 * once, built by the gateway and read by the nodes.
 */
import type { CognigyRichData } from "./cognigyOutputs";

/** Every event type, as `input.data.handover.type` carries it. */
export const HANDOVER_EVENT_TYPES = [
  "agentReply",
  "queueUpdate",
  "agentJoined",
  "agentTransferred",
  "agentAway",
  "agentBack",
  "conversationReopened",
  "conversationClosed",
  "interventionCanceled",
  "noAgent",
] as const;
export type HandoverEventType = (typeof HANDOVER_EVENT_TYPES)[number];

/** The moments of the handover's life (every event type but an agent's reply and a queue update). */
export const LIFECYCLE_EVENT_TYPES: ReadonlySet<HandoverEventType> = new Set(
  HANDOVER_EVENT_TYPES.filter((type) => type !== "agentReply" && type !== "queueUpdate"),
);

interface EventBase {
  source: "rce";
  /** Our thread id of the conversation (conversation/threadId.ts). */
  threadId: string;
}

export interface AgentReplyEvent extends EventBase {
  type: "agentReply";
  agent: { id: string | null; name: string | null };
  /** RCE's id of the agent's message. */
  contentId: string | null;
  attachments: { url: string; type: string | null; filename: string | null }[];
}

export interface QueueUpdateEvent extends EventBase {
  type: "queueUpdate";
  position?: number;
  /** Milliseconds (RCE sends seconds; Cognigy's docs expect milliseconds). */
  estimatedWaitTime?: number;
  /** When the gateway received it (ISO 8601). */
  receivedAt: string;
}

/**
 * A moment of the handover's life in RCE, from one webhook event (which RCE events make which
 * moment: src/engage/webhookEvents.ts): an agent joined, another took over, the agent deferred it or
 * is back, it was reopened, closed or cancelled by the agent, or no agent took it.
 */
export interface LifecycleEvent extends EventBase {
  type: Exclude<HandoverEventType, "agentReply" | "queueUpdate">;
  /** The RCE event type it came from (`task.taken`, `intervention.closed`, …). */
  rceEvent: string;
  /** RCE's webhook event id. */
  eventId: string;
  /** The intervention, when RCE names it (task events may not). */
  interventionId: string | null;
  rceThreadId: string;
  /** The agent who has the conversation now (for a transfer: the new one), if RCE names one. */
  agentId: string | null;
  /** When it happened (ISO 8601): `closed_at` for a close, else RCE's `issued_at`. */
  at: string;
  /** RCE's `issued_at` (ISO 8601), by which the nodes order events: delivery is unordered. */
  issuedAt: string;
}

export type HandoverEvent = AgentReplyEvent | QueueUpdateEvent | LifecycleEvent;

/**
 * The body of a notify / inject request: the text the user sees (agent replies), the event, and for
 * an agent's file or choices the Cognigy rich output the Endpoint shows (cognigyOutputs.ts).
 */
export interface FlowMessage {
  text: string;
  data: { handover: HandoverEvent } & Partial<CognigyRichData>;
}

export function flowMessage(event: HandoverEvent, text = "", rich?: CognigyRichData): FlowMessage {
  return { text, data: { handover: event, ...rich } };
}

const TYPES: ReadonlySet<string> = new Set(HANDOVER_EVENT_TYPES);

function count(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * A queue update read from an object that may be one (the event itself, or where else a Cognigy
 * version puts queue data): position and wait as non-negative numbers, `receivedAt` only if a date.
 */
export function queueUpdateOf(
  value: unknown,
):
  | (Pick<QueueUpdateEvent, "position" | "estimatedWaitTime"> & { receivedAt?: string; threadId?: string })
  | undefined {
  const v = record(value);
  if (!v || (v.type !== undefined && v.type !== "queueUpdate")) return undefined;
  const position = count(v.position);
  const estimatedWaitTime = count(v.estimatedWaitTime);
  if (position === undefined && estimatedWaitTime === undefined) return undefined;
  return {
    position,
    estimatedWaitTime,
    receivedAt:
      typeof v.receivedAt === "string" && !Number.isNaN(Date.parse(v.receivedAt)) ? v.receivedAt : undefined,
    threadId: typeof v.threadId === "string" ? v.threadId : undefined,
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The handover event this input carries (input.data.handover), if the gateway sent one. Only the
 * type is checked; fields are read defensively by whoever uses them, since inputs come from outside.
 */
export function handoverEventOf(input: Record<string, unknown> | undefined): HandoverEvent | undefined {
  const event = record(record(input?.data)?.handover);
  const type = event?.type;
  return typeof type === "string" && TYPES.has(type) && event?.source === "rce"
    ? (event as unknown as HandoverEvent)
    : undefined;
}
