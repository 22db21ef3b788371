/**
 * Step 5: an active webhook subscribed to intervention.closed (GET /webhooks).
 *
 * What the REST API cannot show is said, not guessed: its source filter (not in the REST spec,
 * UNCONFIRMED), its secret (never returned) and, for a webhook found, whether it belongs to this
 * API access token (RCE does not document whether the list is limited to the token's webhooks).
 */
import type { EngageClient } from "../../../engage/client";
import type { RceWebhook } from "../../../engage/types";
import { fail, pass, type SetupCheck } from "../report";
import { type CheckHead, displayUrl, guarded, quoted } from "./guard";

export const WEBHOOK_CHECK: CheckHead = {
  id: "webhook",
  title: "Webhook for intervention.closed",
  steps: [5],
};

const CLOSED_EVENT = "intervention.closed";
const MAX_WEBHOOKS = 300;
const GATEWAY_PATH = "/handover/rce";

function label(webhook: RceWebhook): string {
  const name = (webhook as RceWebhook & { name?: unknown }).name;
  return `${quoted(typeof name === "string" ? name : undefined, "webhook")} → ${displayUrl(webhook.url)}`;
}

function pathNote(webhook: RceWebhook): string {
  try {
    return new URL(webhook.url).pathname.replace(/\/+$/, "").endsWith(GATEWAY_PATH)
      ? ""
      : ` Its URL does not end in ${GATEWAY_PATH}, the gateway's path (step 5).`;
  } catch {
    return "";
  }
}

export function checkWebhook(client: EngageClient): Promise<SetupCheck> {
  return guarded(WEBHOOK_CHECK, async () => {
    const webhooks = await client.rest.collect((p) => client.rest.listWebhooks(p), MAX_WEBHOOKS);
    const subscribed = webhooks.filter((w) => w.registered_events.includes(CLOSED_EVENT));
    const active = subscribed.filter((w) => w.active === true);
    if (webhooks.length === 0) {
      return fail(WEBHOOK_CHECK, "RCE lists no webhook at all (GET /webhooks with the API Access Token).", {
        step: 5,
        action: `In RCE Admin > Webhooks add one: the API access token of step 1, Active on, URL <gateway-url>${GATEWAY_PATH}, a Secret (→ Webhook Secret), event ${CLOSED_EVENT}.`,
      });
    }
    if (subscribed.length === 0) {
      return fail(
        WEBHOOK_CHECK,
        `No webhook is subscribed to ${CLOSED_EVENT} (found: ${webhooks.slice(0, 3).map(label).join("; ")}).`,
        {
          step: 5,
          action: `In RCE Admin > Webhooks add the event ${CLOSED_EVENT} to the handover's webhook.`,
        },
      );
    }
    if (active.length === 0) {
      return fail(WEBHOOK_CHECK, `The webhook for ${CLOSED_EVENT} (${label(subscribed[0])}) is inactive.`, {
        step: 5,
        action:
          "In RCE Admin > Webhooks switch it Active. RCE also deactivates a webhook whose URL failed verification: make sure the gateway is running and answers the verification request.",
      });
    }
    const more = active.length > 1 ? ` (${active.length} active webhooks have this event)` : "";
    return pass(
      WEBHOOK_CHECK,
      `${label(active[0])} is active and subscribed to ${CLOSED_EVENT}${more}.${pathNote(active[0])} Whether it uses this API access token is not shown.`,
    );
  });
}
