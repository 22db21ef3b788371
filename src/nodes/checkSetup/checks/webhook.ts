/**
 * Step 5: an active webhook subscribed to every event the handover consumes (GET /webhooks; the list
 * is src/engage/webhookEvents.ts). A webhook lacking some is named with the missing events.
 *
 * What the REST API cannot show is said, not guessed: its source filter (not in the REST spec,
 * UNCONFIRMED) and its secret (never returned). GET /webhooks lists only the webhooks created with
 * the caller's own token, unless the caller's agent may manage API access tokens (the spec's
 * description of the operation): an empty list may mean "made with another token".
 */
import type { EngageClient } from "../../../engage/client";
import { weakSecretWarning } from "../../../engage/settings";
import type { RceWebhook } from "../../../engage/types";
import { CONSUMED_WEBHOOK_EVENT_TYPES, missingWebhookEvents } from "../../../engage/webhookEvents";
import { weakSecretProblem } from "../../../options/secrets";
import { type CheckHead, cannotCheck, fail, pass, type SetupCheck } from "../report";
import { displayUrl, guarded, quoted } from "./guard";

export const WEBHOOK_CHECK: CheckHead = {
  id: "webhook",
  title: "Webhook for the handover's events",
  steps: [5],
};

const ALL = `the ${CONSUMED_WEBHOOK_EVENT_TYPES.length} events of step 5`;
const EVENT_LIST = CONSUMED_WEBHOOK_EVENT_TYPES.join(", ");
const MAX_WEBHOOKS = 300;
const GATEWAY_PATH = "/handover/rce";

const SCOPE_NOTE =
  "RCE lists only the webhooks created with this API access token, unless its agent may manage API access tokens";

function label(webhook: RceWebhook): string {
  return `${quoted(webhook.name, "webhook")} → ${webhook.url ? displayUrl(webhook.url) : "no URL shown"}`;
}

function pathNote(webhook: RceWebhook): string {
  try {
    return new URL(webhook.url ?? "").pathname.replace(/\/+$/, "").endsWith(GATEWAY_PATH)
      ? ""
      : ` Its URL does not end in ${GATEWAY_PATH}, the gateway's path (step 5).`;
  } catch {
    return "";
  }
}

/**
 * What the gateway would refuse at start about the secrets, in the same words: a weak Webhook Secret,
 * and a weak Verification Token or one equal to the Secret when RCE shows the token. Never the values.
 */
function secretProblems(webhook: RceWebhook, webhookSecret: string): string[] {
  const problems: string[] = [];
  const weakSecret = weakSecretWarning({ webhookSecret });
  if (weakSecret) problems.push(weakSecret);
  const token = webhook.verify_token;
  if (typeof token === "string" && token !== "") {
    const weakToken = weakSecretProblem(token);
    if (weakToken) problems.push(`Its Verification Token (verifyToken, GATEWAY_VERIFY_TOKEN) ${weakToken}.`);
    else if (token === webhookSecret)
      problems.push(
        "Its Verification Token (verifyToken, GATEWAY_VERIFY_TOKEN) equals the Webhook Secret: the token travels in the verification URL, so give each its own random value.",
      );
  }
  return problems;
}

export function checkWebhook(client: EngageClient): Promise<SetupCheck> {
  return guarded(WEBHOOK_CHECK, async () => {
    const webhooks = await client.rest.collect((p) => client.rest.listWebhooks(p), MAX_WEBHOOKS);
    if (webhooks.length === 0) {
      return fail(WEBHOOK_CHECK, `RCE lists no webhook (GET /webhooks; ${SCOPE_NOTE}).`, {
        step: 5,
        action: `In RCE Admin > Webhooks add one with the API access token of step 1 (the same token as API Access Token here): Active on, URL <gateway-url>${GATEWAY_PATH}, a Secret (→ Webhook Secret), ${ALL} (npm run setup-rce does it). If it exists under another token, it was not listed for that reason.`,
      });
    }
    // RCE may leave out registered_events or active (optional in the spec): unknown is not "no".
    const unknown = webhooks.filter((w) => w.registered_events === undefined);
    const subscribed = webhooks.filter((w) =>
      CONSUMED_WEBHOOK_EVENT_TYPES.some((type) => (w.registered_events ?? []).includes(type)),
    );
    if (subscribed.length === 0 && unknown.length > 0) {
      return cannotCheck(
        WEBHOOK_CHECK,
        `RCE listed ${unknown.length} webhook(s) without their events (${unknown.slice(0, 3).map(label).join("; ")}): check in Admin > Webhooks that one is subscribed to ${ALL}: ${EVENT_LIST}.`,
      );
    }
    if (subscribed.length === 0) {
      return fail(
        WEBHOOK_CHECK,
        `No listed webhook is subscribed to the handover's events (found: ${webhooks.slice(0, 3).map(label).join("; ")}; ${SCOPE_NOTE}).`,
        {
          step: 5,
          action: `In RCE Admin > Webhooks subscribe the handover's webhook to ${ALL}: ${EVENT_LIST} (npm run setup-rce adds them).`,
        },
      );
    }
    const active = subscribed.filter((w) => w.active === true);
    if (active.length === 0 && subscribed.some((w) => w.active === undefined)) {
      return cannotCheck(
        WEBHOOK_CHECK,
        `${label(subscribed[0])} is subscribed to the handover's events, but RCE did not say whether it is active: check it in Admin > Webhooks.`,
      );
    }
    if (active.length === 0) {
      return fail(
        WEBHOOK_CHECK,
        `The webhook for the handover's events (${label(subscribed[0])}) is inactive.`,
        {
          step: 5,
          action:
            "In RCE Admin > Webhooks switch it Active. RCE also deactivates a webhook whose URL failed verification: make sure the gateway is running and answers the verification request.",
        },
      );
    }
    // The active webhook that lacks the fewest events is the handover's.
    const best = active
      .map((webhook) => ({ webhook, missing: missingWebhookEvents(webhook.registered_events) }))
      .sort((a, b) => a.missing.length - b.missing.length)[0];
    if (best.missing.length > 0) {
      return fail(
        WEBHOOK_CHECK,
        `${label(best.webhook)} is active but not subscribed to ${best.missing.join(", ")}: without them the Flow never hears of ${best.missing.length === 1 ? "that moment" : "those moments"} of the handover.`,
        {
          step: 5,
          action: `In RCE Admin > Webhooks add ${best.missing.join(", ")} to that webhook's Registered Events (or run npm run setup-rce -- --apply, which adds them and keeps its other events).`,
        },
      );
    }
    const more = active.length > 1 ? ` (${active.length} active webhooks have some of them)` : "";
    const found = `${label(best.webhook)} is active and subscribed to ${ALL}${more}.${pathNote(best.webhook)}`;
    const weak = secretProblems(best.webhook, client.settings.webhookSecret);
    if (weak.length > 0)
      return fail(WEBHOOK_CHECK, `${found} ${weak.join(" ")}`, {
        step: 5,
        action:
          "In RCE Admin > Webhooks give the webhook a new random Secret and Verification Token of 16 or more characters each (32 recommended; `npm run setup-rce` makes them), then put the Secret in Webhook Secret here and both in the gateway's configuration.",
      });
    return pass(WEBHOOK_CHECK, found);
  });
}
