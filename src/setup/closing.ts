/**
 * The closing check's line for this gateway's webhook (after --apply): the setup check itself is
 * content with any active webhook subscribed to the handover's events, whoever it points at; here
 * the one with this gateway's URL must exist, be active, have every event and our Verification
 * Token (when RCE shows it). GET /webhooks only.
 */
import type { EngageClient } from "../engage/client";
import { toEngageError } from "../engage/errors";
import type { RceWebhook } from "../engage/types";
import { CONSUMED_WEBHOOK_EVENT_TYPES, missingWebhookEvents } from "../engage/webhookEvents";
import { sameUrl } from "./webhook";

const MAX_WEBHOOKS = 600;

export interface WebhookVerdict {
  status: "pass" | "fail" | "cannot check";
  detail: string;
  /** fail only: what the admin does. */
  fix?: string;
}

export async function checkWebhookForGateway(
  client: EngageClient,
  webhookUrl: string,
  verifyToken: string,
): Promise<WebhookVerdict> {
  const again = `then run npm run setup-rce -- --apply again`;
  let all: RceWebhook[];
  try {
    all = await client.rest.collect((p) => client.rest.listWebhooks(p), MAX_WEBHOOKS);
  } catch (thrown) {
    return { status: "cannot check", detail: toEngageError(thrown, "list the webhooks").message };
  }
  const ours = all.filter((w) => sameUrl(w.url, webhookUrl));
  if (ours.length === 0) {
    return {
      status: "fail",
      detail: `No webhook has this gateway's URL ${webhookUrl} (RCE lists ${all.length} other webhook(s)).`,
      fix: `Create it: ${again}, or add it by hand in RCE Admin > Webhooks.`,
    };
  }
  const active = ours.filter((w) => w.active === true);
  if (active.length === 0) {
    return {
      status: "fail",
      detail: `The webhook for ${webhookUrl} (${ours[0].id}) is inactive: RCE sends this gateway no events.`,
      fix: `Start the gateway with the file this run wrote, ${again}: it switches the webhook on once the gateway answers RCE's verification.`,
    };
  }
  const best = active
    .map((webhook) => ({ webhook, missing: missingWebhookEvents(webhook.registered_events) }))
    .sort((a, b) => a.missing.length - b.missing.length)[0];
  if (best.missing.length > 0) {
    return {
      status: "fail",
      detail: `The webhook for ${webhookUrl} (${best.webhook.id}) is active but not subscribed to ${best.missing.join(", ")}.`,
      fix: `Run npm run setup-rce -- --apply again (it adds them and keeps its other events).`,
    };
  }
  const token = best.webhook.verify_token;
  if (typeof token === "string" && token !== "" && token !== verifyToken) {
    return {
      status: "fail",
      detail: `The webhook for ${webhookUrl} (${best.webhook.id}) has another Verification Token than the gateway's configuration: RCE's verification will fail.`,
      fix: `Run npm run setup-rce -- --apply again with the same --out file (it sets the file's token and Secret).`,
    };
  }
  return {
    status: "pass",
    detail: `The webhook for ${webhookUrl} (${best.webhook.id}) is active and subscribed to the ${CONSUMED_WEBHOOK_EVENT_TYPES.length} handover events.`,
  };
}
