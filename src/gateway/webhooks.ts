/**
 * RCE webhooks on the same path: the GET verification handshake and POSTed event batches, both
 * authenticated by X-Dimelo-Secret (compared in constant time). The events of a batch are handled
 * concurrently (bounded); duplicates (delivery is at least once and unordered) are dropped by event
 * id. If an event could not reach Cognigy for a passing reason, the answer is 503 so RCE delivers
 * the batch again; handled events stay handled. An event that can never succeed (an invalid thread
 * id, Cognigy refusing it) is acknowledged and logged: a 503 for it would bring the batch back forever.
 */
import { flowMessage } from "../conversation/events";
import { addressOf } from "../conversation/threadId";
import { isEngageError } from "../engage/errors";
import { verifyWebhookSecret } from "../engage/signature";
import type { WebhookEvent, WebhookPayload } from "../engage/types";
import { type Answer, json, text } from "./answers";
import { type CognigyEndpoint, isFinal } from "./cognigyEndpoint";
import type { GatewayConfig } from "./config";
import { parseJson } from "./json";
import { lifecycleEventOf, lifecycleMomentOf } from "./lifecycleEvents";
import type { GatewayLogger } from "./log";
import { checkRequestDate } from "./requestTime";
import type { GatewayStats } from "./stats";
import type { OnceMemory } from "./store";
import type { ThreadResolver } from "./threadResolver";
import { validatorFor } from "./validators";

const validatePayload = validatorFor<WebhookPayload>("webhookPayload");

export interface WebhookDeps {
  config: GatewayConfig;
  cognigy: CognigyEndpoint;
  /** Handled events by id; a store failure (thrown) counts as a passing failure: 503, RCE redelivers. */
  events: OnceMemory;
  threads: Pick<ThreadResolver, "foreignIdOf">;
  log: GatewayLogger;
  stats: GatewayStats;
}

/** Events of one batch delivered at the same time. */
export const BATCH_CONCURRENCY = 8;

/** Lookup failures that may pass: RCE down or slow, or the gateway's token refused until an admin fixes it. */
const PASSING_LOOKUP_FAILURES = new Set([
  "unavailable",
  "timeout",
  "rate_limited",
  "bad_response",
  "auth",
  "permission",
]);

export function handleVerification(
  query: URLSearchParams,
  secretHeader: string | undefined,
  deps: WebhookDeps,
): Answer {
  const challenge = query.get("hub.challenge");
  if (query.get("hub.mode") !== "subscribe" || !challenge)
    return text(400, "Expected hub.mode=subscribe with a hub.challenge.");
  if (!verifyWebhookSecret(query.get("hub.verify_token"), deps.config.verifyToken)) {
    return text(403, "hub.verify_token does not match the gateway's Verification Token.");
  }
  if (!verifyWebhookSecret(secretHeader, deps.config.settings.webhookSecret)) {
    return text(403, "X-Dimelo-Secret does not match the gateway's Webhook Secret.");
  }
  return text(200, challenge);
}

class TransientFailure extends Error {}

async function handleEvent(event: WebhookEvent, deps: WebhookDeps): Promise<"delivered" | "ignored"> {
  const type = lifecycleMomentOf(event.type);
  const metadata = event.resource.metadata ?? {};
  if (!type) return "ignored";
  if (metadata.source_id && metadata.source_id !== deps.config.settings.sourceId) return "ignored";
  const rceThreadId = typeof metadata.thread_id === "string" ? metadata.thread_id : undefined;
  if (!rceThreadId) return "ignored";
  let foreignId: string;
  try {
    foreignId = await deps.threads.foreignIdOf(rceThreadId);
  } catch (error) {
    const reason = `could not read RCE thread ${rceThreadId}: ${(error as Error).message}`;
    if (isEngageError(error) && !PASSING_LOOKUP_FAILURES.has(error.kind)) {
      deps.log("warn", "webhook_event_dropped", { eventId: event.id, reason });
      return "ignored";
    }
    throw new TransientFailure(reason);
  }
  const address = addressOf(foreignId);
  if (!address) return "ignored";
  const handover = lifecycleEventOf(event, type, rceThreadId, foreignId);
  // The message key is the event id, as for the dedupe (redisStore.ts keeps both in one slot).
  const result = await deps.cognigy.inject(address, flowMessage(handover), event.id);
  if (!result.ok) {
    if (isFinal(result)) {
      deps.log("error", "webhook_event_rejected_by_cognigy", { eventId: event.id, reason: result.reason });
      return "ignored";
    }
    throw new TransientFailure(result.reason);
  }
  return "delivered";
}

/** A webhook delivery whose X-Dimelo-Secret the edge has verified. */
export async function handleDelivery(rawBody: Buffer, deps: WebhookDeps): Promise<Answer> {
  const parsed = parseJson(rawBody);
  if (!parsed.ok) return text(400, parsed.reason);
  const payload = validatePayload(parsed.value);
  if (!payload.ok) return text(400, `Not a webhook payload: ${payload.problems[0]}.`);

  let delivered = 0;
  let ignored = 0;
  const failed: string[] = [];
  const refused: string[] = [];
  // Events of one thread keep their order (agent joined before closed); threads run side by side.
  const byThread = new Map<string, WebhookEvent[]>();
  for (const event of payload.value.events) {
    const threadId = event.resource.metadata?.thread_id;
    const key = typeof threadId === "string" ? threadId : `event:${event.id}`;
    const group = byThread.get(key);
    if (group) group.push(event);
    else byThread.set(key, [event]);
  }
  // After a passing failure RCE brings the whole batch back: the events not started yet wait for that
  // instead of each meeting the same outage.
  let outage = false;
  const groups = byThread.values();
  const worker = async () => {
    for (const group of groups) {
      for (const event of group) {
        if (outage) {
          failed.push(event.id);
          continue;
        }
        // RCE's redelivery keeps the event's issued_at: only an event older than the dedupe memory
        // (requestTime.ts) is refused, acknowledged so RCE stops, never handled a second time.
        const dated = checkRequestDate(event.issued_at, deps.events, { field: "issued_at", sinceToo: false });
        if (!dated.ok) {
          refused.push(event.id);
          deps.log("warn", "webhook_event_refused", {
            eventId: event.id,
            type: event.type,
            reason: dated.reason,
          });
          continue;
        }
        try {
          const { value, duplicate } = await deps.events.once(event.id, () => handleEvent(event, deps));
          if (duplicate || value === "ignored") ignored++;
          else delivered++;
        } catch (error) {
          outage = true;
          failed.push(event.id);
          deps.log("warn", "webhook_event_not_delivered", {
            eventId: event.id,
            type: event.type,
            reason: (error as Error).message,
          });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: BATCH_CONCURRENCY }, worker));
  deps.stats.webhookEvents += delivered;
  deps.stats.webhookEventsIgnored += ignored + refused.length;
  const refusedPart = refused.length > 0 ? { refused } : {};
  if (failed.length > 0) {
    deps.stats.deliveryFailures += failed.length;
    return json(503, { delivered, ignored, failed, ...refusedPart });
  }
  return json(200, { delivered, ignored, ...refusedPart });
}
