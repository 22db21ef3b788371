/**
 * Checks an RCE setup against the README's admin steps and reports one line per check. Used by the
 * "Check RCE Setup" node and by scripts/check-setup.ts; no Cognigy imports.
 *
 * It reads with REST and writes one thing: our own Bot and Agent identities (users.create, an
 * upsert), which agents need to reply and which also prove the Realtime settings. Checks that need
 * no other check's answer run concurrently, in rounds: first the REST probe (which also reads the
 * categories) and the identities; then the source, the agents (and their permissions), the webhooks
 * and the identities' import. So the node fits its time budget, and stays far below RCE's rate
 * limit of 500 requests a minute.
 */
import type { EngageClient } from "../../engage/client";
import { type HandoverIdentities, handoverIdentities } from "../../engage/identities";
import type { NodeOutcome } from "../shared/outcome";
import { AGENTS_CHECK, checkAgentCategory } from "./checks/agentCategory";
import { NEEDS_REST, probeApi } from "./checks/apiAndCategories";
import { checkIdentities, IDENTITIES_CHECK } from "./checks/identities";
import { notCheckable } from "./checks/notCheckable";
import { checkRealtimeAndCreateIdentities } from "./checks/realtimeIdentities";
import { checkSource, SOURCE_CHECK } from "./checks/source";
import { checkSourcePermissions, PERMISSIONS_CHECK } from "./checks/sourcePermissions";
import { checkWebhook, WEBHOOK_CHECK } from "./checks/webhook";
import {
  type CheckHead,
  cannotCheck,
  formatReport,
  type SetupCheck,
  type SetupReport,
  summarise,
} from "./report";

function skipped(head: CheckHead): Promise<SetupCheck> {
  return Promise.resolve(cannotCheck(head, NEEDS_REST));
}

export interface CheckSetupOptions {
  /** The identities the nodes use (Bot user id / Agent user id); defaults as the nodes'. */
  identities?: HandoverIdentities;
  now?: () => number;
}

export async function checkSetup(
  client: EngageClient,
  options: CheckSetupOptions = {},
): Promise<SetupReport> {
  const now = options.now ?? Date.now;
  const identities = options.identities ?? handoverIdentities();
  const startedAt = now();
  const [probe, realtime] = await Promise.all([
    probeApi(client),
    checkRealtimeAndCreateIdentities(client, identities),
  ]);
  const rest = probe.usable;
  const agentsAndPermissions = rest
    ? checkAgentCategory(client, probe.categoryNames).then(async (agents) => ({
        agents: agents.check,
        permissions: await checkSourcePermissions(client, agents.agents),
      }))
    : Promise.all([skipped(AGENTS_CHECK), skipped(PERMISSIONS_CHECK)]).then(([agents, permissions]) => ({
        agents,
        permissions,
      }));
  const [source, people, webhook, identityCheck] = await Promise.all([
    rest ? checkSource(client, probe.categoryNames) : skipped(SOURCE_CHECK),
    agentsAndPermissions,
    rest ? checkWebhook(client) : skipped(WEBHOOK_CHECK),
    rest ? checkIdentities(client, identities, realtime.identitiesSent) : skipped(IDENTITIES_CHECK),
  ]);
  // In the order of the setup steps, so the first failure is usually the one to fix first.
  const checks = [
    probe.api,
    probe.categories,
    source,
    realtime.check,
    people.permissions,
    people.agents,
    webhook,
    identityCheck,
    ...notCheckable(),
  ];
  return summarise(checks, {
    rceRequests: client.stats().requests,
    durationMs: now() - startedAt,
    checkedAt: new Date(now()).toISOString(),
  });
}

/** The node's behaviour: the checks, the report said to the builder and logged, then passed or failed. */
export async function runCheckSetup(
  client: EngageClient,
  options: CheckSetupOptions,
): Promise<NodeOutcome<"passed" | "failed">> {
  const report = await checkSetup(client, options);
  const { pass, fail, cannotCheck } = report.counts;
  return {
    branch: report.status === "passed" ? "passed" : "failed",
    result: { ...report },
    say: formatReport(report),
    log: {
      level: report.status === "passed" ? "info" : "warn",
      text: `Check RCE Setup: ${pass} pass, ${fail} fail, ${cannotCheck} cannot check.`,
    },
  };
}
