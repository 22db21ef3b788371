/**
 * Step 7, the part the API can do: the Bot and Agent identities, created by the integration itself
 * with the Send API's users.create (puppetizable), as RCE requires. Marking them Controlled and
 * assigning the Agent one to agents stay in RCE's admin screens (no API for either).
 */
import { type PuppetIdentity, puppetUser } from "../engage/identities";
import { failed } from "./guard";
import type { SetupItem, StepContext } from "./types";

const STEP = 7;

async function one(ctx: StepContext, role: string, identity: PuppetIdentity): Promise<SetupItem> {
  const { client, options } = ctx;
  const what = `${role} identity "${identity.name}" (${identity.id})`;
  let lookup = "";
  try {
    const found = await client.rest.findIdentitiesByForeignId(identity.id);
    const match = found.records.find((r) => r.foreign_id === identity.id);
    if (match) return { step: STEP, what, status: "ok", detail: `Exists (${match.id}).` };
  } catch (thrown) {
    // Creating is an upsert by id: harmless when it does exist; say that we could not look.
    lookup = ` (RCE could not be asked whether it exists: ${failed(STEP, what, thrown, "").detail})`;
  }
  if (!options.apply) {
    return {
      step: STEP,
      what,
      status: "change",
      detail: `Create it with users.create (puppetizable)${lookup}.`,
    };
  }
  try {
    await client.sendApi.send("users.create", puppetUser(identity, options.now?.() ?? new Date()));
    return {
      step: STEP,
      what,
      status: "done",
      detail: `Created with users.create (RCE imports it within seconds)${lookup}.`,
    };
  } catch (thrown) {
    return failed(
      STEP,
      what,
      thrown,
      "Check the Realtime Access Token and Realtime Endpoint URL (the SDK source's, step 3); the gateway also creates both identities when RCE sends it implementation.info.",
    );
  }
}

export async function setUpIdentities(ctx: StepContext): Promise<SetupItem[]> {
  const { bot, agent } = ctx.options.identities;
  return Promise.all([one(ctx, "Bot", bot), one(ctx, "Agent", agent)]);
}
