/** Steps 4 and 8: someone can receive handed-over conversations — agents holding the Agent category. */
import type { EngageClient } from "../../../engage/client";
import type { RceUser } from "../../../engage/types";
import { type CheckHead, fail, pass, type SetupCheck } from "../report";
import { guarded, quoted } from "./guard";

export const AGENTS_CHECK: CheckHead = {
  id: "agentCategory",
  title: "Agents with the Agent category",
  steps: [4, 8],
};

const MAX_AGENTS = 300;
const NAMES_SHOWN = 5;

export function agentName(user: RceUser): string {
  const full = [user.firstname, user.lastname].filter((s) => typeof s === "string" && s.trim()).join(" ");
  return full || user.nickname || user.id;
}

/** The check, and the enabled agents it found (undefined when RCE could not be asked). */
export interface AgentsOutcome {
  check: SetupCheck;
  agents?: RceUser[];
}

export async function checkAgentCategory(
  client: EngageClient,
  categoryNames: Map<string, string>,
): Promise<AgentsOutcome> {
  const { agentCategoryId } = client.settings;
  const category = `Agent category ${quoted(categoryNames.get(agentCategoryId), agentCategoryId)}`;
  let agents: RceUser[] | undefined;
  const check = await guarded(AGENTS_CHECK, async () => {
    const users = await client.rest.collect(
      (p) => client.rest.listUsers({ category_id: agentCategoryId }, p),
      MAX_AGENTS,
    );
    const enabled = users.filter((u) => u.enabled !== false);
    agents = enabled;
    if (enabled.length === 0) {
      const disabled = users.length > 0 ? ` (${users.length} disabled agent(s) hold it)` : "";
      return fail(AGENTS_CHECK, `No enabled agent holds the ${category}${disabled}.`, {
        step: 4,
        action: `In RCE Agents edit every agent who will answer: add the ${category}, grant read and reply on the source (key icon), and give them the folder of step 8.`,
      });
    }
    const names = enabled.slice(0, NAMES_SHOWN).map(agentName).join(", ");
    const more = enabled.length > NAMES_SHOWN ? ` and ${enabled.length - NAMES_SHOWN} more` : "";
    return pass(AGENTS_CHECK, `${enabled.length} agent(s) hold the ${category}: ${names}${more}.`);
  });
  return { check, agents };
}
