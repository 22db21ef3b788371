/**
 * Checks an RCE setup against the eight admin steps with read-only REST calls and one harmless Send
 * API request, and reports one line per check. Used by the "Check RCE Setup" node and by
 * scripts/check-setup.ts; no Cognigy imports.
 *
 * About eight requests, in two concurrent rounds (far below RCE's 500 per minute): first the REST
 * probe (which also reads the categories) and the Send API request; then, if the REST API answered,
 * the source, the token's permissions, the webhooks and the agents.
 */
import type { EngageClient } from "../../engage/client";
import { AGENTS_CHECK, checkAgentCategory } from "./checks/agentCategory";
import { NEEDS_REST, probeApi } from "./checks/apiAndCategories";
import type { CheckHead } from "./checks/guard";
import { notCheckable } from "./checks/notCheckable";
import { checkRealtimeSignature } from "./checks/realtimeSignature";
import { checkSource, SOURCE_CHECK } from "./checks/source";
import { checkSourcePermissions, PERMISSIONS_CHECK } from "./checks/sourcePermissions";
import { checkWebhook, WEBHOOK_CHECK } from "./checks/webhook";
import { cannotCheck, type SetupCheck, type SetupReport, summarise } from "./report";

function skipped(head: CheckHead): Promise<SetupCheck> {
  return Promise.resolve(cannotCheck(head, NEEDS_REST));
}

export async function checkSetup(client: EngageClient, now: () => number = Date.now): Promise<SetupReport> {
  const startedAt = now();
  const [probe, realtime] = await Promise.all([probeApi(client), checkRealtimeSignature(client)]);
  const rest = probe.usable;
  const [source, permissions, agents, webhook] = await Promise.all([
    rest ? checkSource(client, probe.categoryNames) : skipped(SOURCE_CHECK),
    rest ? checkSourcePermissions(client) : skipped(PERMISSIONS_CHECK),
    rest ? checkAgentCategory(client, probe.categoryNames) : skipped(AGENTS_CHECK),
    rest ? checkWebhook(client) : skipped(WEBHOOK_CHECK),
  ]);
  // In the order of the setup steps, so the first failure is usually the one to fix first.
  const checks = [
    probe.api,
    probe.categories,
    source,
    realtime,
    permissions,
    agents,
    webhook,
    ...notCheckable(),
  ];
  return summarise(checks, {
    rceRequests: client.stats().requests,
    durationMs: now() - startedAt,
    checkedAt: new Date(now()).toISOString(),
  });
}
