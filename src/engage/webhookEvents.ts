/**
 * The RCE webhook events the product consumes (webhooks/events.md), written once. From this list come
 * the gateway's mapping (src/gateway/lifecycleEvents.ts), the webhook `npm run setup-rce` creates or
 * completes (src/setup/webhook.ts), Check RCE Setup's webhook check and setup step 5 (docs/rce-setup.md) (a test ties
 * the README to it).
 *
 * Each event names the moment of the handover it stands for. events.md also lists
 * `content.thread_closed` and `content.thread_auto_closed`, but the spec's `registered_events[]` enum
 * (createWebhook, updateWebhook) does not: a webhook cannot subscribe to them through the API, so they
 * are not consumed; `intervention.closed` says the same for an SDK source's conversation.
 */

/** The moments of a handover RCE tells us about (the gateway names them in conversation/events.ts). */
export type HandoverMoment =
  | "agentJoined"
  | "agentTransferred"
  | "agentAway"
  | "agentBack"
  | "conversationReopened"
  | "conversationClosed"
  | "interventionCanceled"
  | "noAgent";

export interface ConsumedWebhookEvent {
  type: string;
  moment: HandoverMoment;
  /** Why, in RCE's words (events.md), shortened. */
  because: string;
}

export const CONSUMED_WEBHOOK_EVENTS = [
  { type: "intervention.opened", moment: "agentJoined", because: "an agent engaged the customer" },
  { type: "intervention.assigned", moment: "agentJoined", because: "an agent is assigned" },
  { type: "task.taken", moment: "agentJoined", because: "an agent accepted the ringing task" },
  { type: "intervention.user_updated", moment: "agentTransferred", because: "the agent changed" },
  { type: "task.transferred", moment: "agentTransferred", because: "the task went to another agent" },
  { type: "intervention.deferred", moment: "agentAway", because: "deferred, reactivated later" },
  { type: "intervention.reactivated", moment: "agentBack", because: "the deferral is over" },
  {
    type: "intervention.reopened",
    moment: "conversationReopened",
    because: "a new customer message, or the agent",
  },
  { type: "intervention.closed", moment: "conversationClosed", because: "the agent closed it" },
  { type: "intervention.canceled", moment: "interventionCanceled", because: "the agent cancelled it" },
  { type: "task.undelivered", moment: "noAgent", because: "moved into the undelivered queue" },
  { type: "task.expired_from_workbin", moment: "noAgent", because: "abandoned in an agent's workbin" },
] as const satisfies readonly ConsumedWebhookEvent[];

export type ConsumedWebhookEventType = (typeof CONSUMED_WEBHOOK_EVENTS)[number]["type"];

/** The event types, in the list's order: what the webhook subscribes to. */
export const CONSUMED_WEBHOOK_EVENT_TYPES: readonly ConsumedWebhookEventType[] = CONSUMED_WEBHOOK_EVENTS.map(
  (e) => e.type,
);

const MOMENTS: ReadonlyMap<string, HandoverMoment> = new Map(
  CONSUMED_WEBHOOK_EVENTS.map((e) => [e.type, e.moment]),
);

/** The moment an RCE event type stands for; undefined when the product does not consume it. */
export function momentOf(type: string): HandoverMoment | undefined {
  return MOMENTS.get(type);
}

/** The consumed events a webhook's `registered_events` lacks, in the list's order. */
export function missingWebhookEvents(registered: readonly string[] | undefined): ConsumedWebhookEventType[] {
  const have = new Set(registered ?? []);
  return CONSUMED_WEBHOOK_EVENT_TYPES.filter((type) => !have.has(type));
}
