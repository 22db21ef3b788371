/**
 * Step 7: the Bot and Agent identities exist in RCE and the Agent one is assigned to agents.
 *
 * They are created by the realtime check just before (users.create), and RCE imports them
 * asynchronously, so a lookup that finds nothing is repeated for a few seconds. Whether an identity
 * is marked Controlled is not in RCE's identity object; agents assigned to the Agent identity
 * (GET /users?identity_id=) are, and only a Controlled identity can be assigned (inferred).
 */
import type { EngageClient } from "../../../engage/client";
import type { HandoverIdentities, PuppetIdentity } from "../../../engage/identities";
import type { RceIdentity, RceUser } from "../../../engage/types";
import { type CheckHead, cannotCheck, fail, pass, type SetupCheck } from "../report";
import { agentName } from "./agentCategory";
import { guarded, quoted } from "./guard";

export const IDENTITIES_CHECK: CheckHead = {
  id: "identities",
  title: "Bot and Agent identities",
  steps: [7],
};

/** Waits between lookups while RCE imports the identities just created. */
const IMPORT_WAITS_MS = [250, 500, 1000, 1000, 1500];
/** Time kept back for the lookups that follow. */
const RESERVE_MS = 2000;
const NAMES_SHOWN = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describe(identity: PuppetIdentity): string {
  return `${quoted(identity.name, "identity")} (${identity.id})`;
}

async function findIdentity(
  client: EngageClient,
  identity: PuppetIdentity,
): Promise<RceIdentity | undefined> {
  const found = await client.rest.findIdentitiesByForeignId(identity.id);
  return found.records.find((record) => record.foreign_id === identity.id);
}

async function findBoth(
  client: EngageClient,
  identities: HandoverIdentities,
): Promise<{ bot?: RceIdentity; agent?: RceIdentity }> {
  let attempt = 0;
  for (;;) {
    const [bot, agent] = await Promise.all([
      findIdentity(client, identities.bot),
      findIdentity(client, identities.agent),
    ]);
    const wait = IMPORT_WAITS_MS[attempt];
    if ((bot && agent) || wait === undefined || client.budget.remaining() < wait + RESERVE_MS)
      return { bot, agent };
    attempt++;
    await sleep(wait);
  }
}

function stepSevenAction(identities: HandoverIdentities): string {
  return `In RCE Identities open ${describe(identities.agent)}, tick "Controlled identity", then in Agents assign it to every agent who answers handovers; open ${describe(identities.bot)} and tick "Controlled identity" too.`;
}

export function checkIdentities(
  client: EngageClient,
  identities: HandoverIdentities,
  created: boolean,
): Promise<SetupCheck> {
  return guarded(IDENTITIES_CHECK, async () => {
    if (!created) {
      return cannotCheck(
        IDENTITIES_CHECK,
        "The Bot and Agent identities could not be created through the Send API (see the Realtime line); fix that first.",
      );
    }
    const { bot, agent } = await findBoth(client, identities);
    const missing = [bot ? undefined : identities.bot, agent ? undefined : identities.agent].filter(
      (i): i is PuppetIdentity => i !== undefined,
    );
    if (missing.length > 0 || !agent) {
      return cannotCheck(
        IDENTITIES_CHECK,
        `RCE accepted users.create for ${missing.map(describe).join(" and ")} but has not imported it yet (RCE imports within seconds, sometimes minutes): run the check again.`,
      );
    }
    const assigned: RceUser[] = (await client.rest.listUsers({ identity_id: agent.id }, { limit: 50 }))
      .records;
    const enabled = assigned.filter((user) => user.enabled !== false);
    if (enabled.length === 0) {
      return fail(
        IDENTITIES_CHECK,
        `The identities ${describe(identities.bot)} and ${describe(identities.agent)} exist, but no agent is assigned the Agent identity, so agents cannot reply.`,
        { step: 7, action: stepSevenAction(identities) },
      );
    }
    const names = enabled.slice(0, NAMES_SHOWN).map(agentName).join(", ");
    const more = enabled.length > NAMES_SHOWN ? ` and ${enabled.length - NAMES_SHOWN} more` : "";
    return pass(
      IDENTITIES_CHECK,
      `${describe(identities.bot)} and ${describe(identities.agent)} exist; ${enabled.length} agent(s) may reply as the Agent identity: ${names}${more}. That the Bot identity is Controlled is not shown by RCE's API (step 7).`,
    );
  });
}
