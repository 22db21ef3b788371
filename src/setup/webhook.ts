/**
 * Step 5: the webhook RCE posts the handover's events to (GET /webhooks, then POST or PUT /webhooks):
 * every event of src/engage/webhookEvents.ts; an existing webhook lacking some gets them added, its
 * other events kept.
 *
 * Ours is the one whose URL is the gateway's; no other webhook is ever changed. RCE verifies a
 * webhook as soon as it is active (webhooks/create.md) and disables it when the gateway does not
 * answer, so the gateway is asked the same question first: when it does not answer yet (it needs the
 * values this run writes), the webhook is created or left inactive, and the next run switches it on.
 *
 * RCE never returns the secret: it is known only from the file an earlier run wrote (or from the
 * admin). A webhook whose verification token differs from ours, or whose secret we do not know, is
 * given ours.
 */
import type { RceWebhook, RceWebhookFields } from "../engage/types";
import { CONSUMED_WEBHOOK_EVENT_TYPES, missingWebhookEvents } from "../engage/webhookEvents";
import { ambiguous, failed } from "./guard";
import type { SetupItem, StepContext } from "./types";

const STEP = 5;
const MAX_WEBHOOKS = 600;
const NAME = "Cognigy handover";
const EVENTS = `the ${CONSUMED_WEBHOOK_EVENT_TYPES.length} events of setup step 5 (${CONSUMED_WEBHOOK_EVENT_TYPES.join(", ")})`;

export function sameUrl(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const clean = (u: string) => u.trim().replace(/\/+$/, "").toLowerCase();
  return clean(a) === clean(b);
}

async function listOurs(ctx: StepContext): Promise<RceWebhook[]> {
  const { rest } = ctx.client;
  const all = await rest.collect((p) => rest.listWebhooks(p), MAX_WEBHOOKS);
  return all.filter((w) => sameUrl(w.url, ctx.options.webhookUrl));
}

export async function setUpWebhook(ctx: StepContext): Promise<SetupItem[]> {
  const { options } = ctx;
  const { secrets, webhookUrl, outFile } = options;
  const what = `Webhook ${webhookUrl}`;
  let ours: RceWebhook[];
  try {
    ours = await listOurs(ctx);
  } catch (thrown) {
    return [
      failed(
        STEP,
        what,
        thrown,
        `Add it by hand in RCE Admin > Webhooks with the token of step 1: URL ${webhookUrl}, ${EVENTS}, the Secret and Verification Token from ${outFile} (webhookSecret, verifyToken), Active on once the gateway runs.`,
      ),
    ];
  }
  const existing = ours.find((w) => w.active === true) ?? ours[0];
  const others = ours.length > 1 ? ` ${ours.length - 1} other webhook(s) with this URL are left alone.` : "";
  const probe = await options.probeGateway(webhookUrl, secrets);
  const startGateway = `Start the gateway with ${outFile} (node dist/gateway.js --config ${outFile}, after adding cognigyEndpointUrl), then run again with --apply: it switches the webhook on once the gateway answers RCE's verification.`;

  const fields: RceWebhookFields = {};
  const changes: string[] = [];
  const events = existing?.registered_events ?? [];
  const credentials = !existing || !secrets.known || existing.verify_token !== secrets.verifyToken;
  if (existing && credentials) {
    fields.verify_token = secrets.verifyToken;
    fields.secret = secrets.webhookSecret;
    changes.push(
      secrets.known ? "set our Verification Token and Secret" : "give it a new Secret and Verification Token",
    );
  }
  const missing = existing ? missingWebhookEvents(events) : [];
  if (missing.length > 0) {
    fields.registered_events = [...events, ...missing];
    changes.push(`add ${missing.join(", ")} (its ${events.length} other event(s) kept)`);
  }
  const wantActive = probe.ready;
  if (existing && existing.active !== true && wantActive) {
    fields.active = true;
    changes.push("switch it on");
  }
  if (existing && existing.active === true && credentials && !wantActive) {
    // New values the running gateway does not know: RCE's verification would fail and disable it anyway.
    fields.active = false;
    changes.push("switch it off until the gateway runs with the new values");
  }

  if (existing && changes.length === 0) {
    if (existing.active === true) {
      return [
        {
          step: STEP,
          what,
          status: "ok",
          detail: `Exists (${existing.id}), active, the ${CONSUMED_WEBHOOK_EVENT_TYPES.length} handover events, our Verification Token.${others}`,
        },
      ];
    }
    return [
      {
        step: STEP,
        what,
        status: "waiting",
        detail: `Exists (${existing.id}) but inactive: the gateway does not answer RCE's verification yet (${probe.detail}).${others}`,
        fix: startGateway,
      },
    ];
  }

  const inactiveNote = wantActive
    ? ""
    : ` The gateway does not answer the verification yet (${probe.detail}), so it stays inactive.`;
  if (!options.apply) {
    const detail = existing
      ? `Update ${existing.id}: ${changes.join("; ")}.${others}`
      : `Create it: ${EVENTS}, a new Secret and Verification Token, ${wantActive ? "active" : "inactive"}.${inactiveNote}`;
    return [{ step: STEP, what, status: "change", detail }];
  }

  try {
    let webhook: RceWebhook;
    if (existing) {
      webhook = await ctx.client.rest.updateWebhook(existing.id, fields);
    } else {
      webhook = await ctx.client.rest.createWebhook({
        url: webhookUrl,
        name: NAME,
        registered_events: [...CONSUMED_WEBHOOK_EVENT_TYPES],
        verify_token: secrets.verifyToken,
        secret: secrets.webhookSecret,
        active: wantActive,
      });
    }
    const done = existing
      ? `Updated ${webhook.id}: ${changes.join("; ")}.`
      : `Created ${webhook.id} (the ${CONSUMED_WEBHOOK_EVENT_TYPES.length} handover events).`;
    if (wantActive)
      return [
        { step: STEP, what, status: "done", detail: `${done} Active; RCE verifies it with the gateway now.` },
      ];
    return [{ step: STEP, what, status: "waiting", detail: `${done}${inactiveNote}`, fix: startGateway }];
  } catch (thrown) {
    if (!existing && ambiguous(thrown)) {
      const again = await listOurs(ctx).catch(() => []);
      if (again.length > 0) {
        return [
          {
            step: STEP,
            what,
            status: "waiting",
            detail: `Created ${again[0].id} (the answer was lost; found by listing again).`,
            fix: `Run again with --apply to check its values. ${wantActive ? "" : startGateway}`.trim(),
          },
        ];
      }
    }
    return [
      failed(
        STEP,
        what,
        thrown,
        `Set it by hand in RCE Admin > Webhooks: URL ${webhookUrl}, ${EVENTS}, the Secret and Verification Token from ${outFile} (webhookSecret, verifyToken), Active on once the gateway runs.`,
      ),
    ];
  }
}
