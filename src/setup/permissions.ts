/**
 * Step 4: read and reply on the SDK source for the agents the admin names. Each agent's current
 * permissions on the source are read first and kept: the PUT names this source only and lists what
 * the agent had plus what is missing, so nothing is ever taken away.
 *
 * "The token's agent" cannot be found: RCE documents no "who am I" endpoint (a webhook shows its
 * token's id, not the token's agent), so the agents are named with --agents, never guessed.
 */
import type { RceUser } from "../engage/types";
import { failed } from "./guard";
import type { SetupItem, StepContext } from "./types";

const STEP = 4;
const NEEDED = ["read", "reply"] as const;
const CANDIDATES_SHOWN = 10;

function nameOf(user: RceUser): string {
  const full = [user.firstname, user.lastname].filter((s) => typeof s === "string" && s.trim()).join(" ");
  return full || user.nickname || user.id;
}

/** Agents already holding the Agent category: the likely ones, shown (not chosen) when none are named. */
async function candidates(ctx: StepContext): Promise<string> {
  const agentCategory = ctx.categories.agent;
  if (!agentCategory || agentCategory === "pending") return "";
  try {
    const users = await ctx.client.rest.listUsers(
      { category_id: agentCategory },
      { limit: CANDIDATES_SHOWN },
    );
    const enabled = users.records.filter((u) => u.enabled !== false);
    if (enabled.length === 0) return "";
    return ` Agents holding the ${ctx.options.names.agent} category: ${enabled.map((u) => `${nameOf(u)} (${u.id})`).join(", ")}.`;
  } catch {
    return "";
  }
}

async function grant(ctx: StepContext, agentId: string): Promise<SetupItem> {
  const { client, options } = ctx;
  const { sourceId } = client.settings;
  let label = `agent ${agentId}`;
  try {
    const user = await client.rest.getUser(agentId);
    label = `${nameOf(user)} (${agentId})`;
    if (user.enabled === false) label += ", disabled";
  } catch (thrown) {
    return failed(
      STEP,
      `Read and reply of agent ${agentId}`,
      thrown,
      "Check the id in --agents (RCE Admin > Agents: the id is in the agent's admin URL).",
    );
  }
  const what = `Read and reply of ${label} on source ${sourceId}`;
  let current: string[];
  try {
    current = (await client.rest.getSourcesPermissions(agentId))[sourceId] ?? [];
  } catch (thrown) {
    return failed(
      STEP,
      what,
      thrown,
      "Give the token's agent the right to view and edit users, or grant read and reply by hand: RCE Agents > key icon of the agent > the SDK source.",
    );
  }
  const missing = NEEDED.filter((p) => !current.includes(p));
  if (missing.length === 0) {
    return { step: STEP, what, status: "ok", detail: `Has ${current.join(", ")}.` };
  }
  const wanted = [...current, ...missing];
  const had = current.length > 0 ? current.join(", ") : "nothing";
  if (!options.apply) {
    return {
      step: STEP,
      what,
      status: "change",
      detail: `Add ${missing.join(" and ")} (has ${had}; kept).`,
    };
  }
  try {
    const after = await client.rest.updateSourcesPermissions(agentId, { [sourceId]: wanted });
    const now = after[sourceId] ?? wanted;
    return {
      step: STEP,
      what,
      status: "done",
      detail: `Added ${missing.join(" and ")}; now ${now.join(", ")}.`,
    };
  } catch (thrown) {
    return failed(
      STEP,
      what,
      thrown,
      "Grant read and reply by hand: RCE Agents > key icon of the agent > the SDK source.",
    );
  }
}

export async function setUpPermissions(ctx: StepContext): Promise<SetupItem[]> {
  const { agents } = ctx.options;
  if (agents.length === 0) {
    return [
      {
        step: STEP,
        what: "Read and reply of the agents on the source",
        status: "manual",
        detail: `No agents named. RCE documents no way to learn which agent the API Access Token acts as, so none is assumed.${await candidates(ctx)}`,
        fix: "Run again with --agents <id>,<id> (every agent who answers handovers, and the token's own agent; ids from RCE Admin > Agents), or tick read and reply on the source for them by hand (Agents > key icon).",
      },
    ];
  }
  const items: SetupItem[] = [];
  // One agent after the other: a handful of requests each, far below RCE's 500 a minute.
  for (const agentId of agents) items.push(await grant(ctx, agentId));
  return items;
}
