/**
 * Step 4: the agents who receive handovers (those holding the Agent category) may read and reply on
 * the SDK source, read with GET /users/{id}/sources_permissions for each of them.
 *
 * The API Access Token's own agent is not checked here: RCE documents no "who am I" endpoint, and
 * its read permission shows anyway in the source line (RCE answers 404 without it).
 */
import type { EngageClient } from "../../../engage/client";
import type { RceUser } from "../../../engage/types";
import { type CheckHead, cannotCheck, fail, pass, type SetupCheck } from "../report";
import { agentName } from "./agentCategory";
import { guarded } from "./guard";

export const PERMISSIONS_CHECK: CheckHead = {
  id: "sourcePermissions",
  title: "Read and reply of the Agent category's agents on the source",
  steps: [4],
};

/** One request per agent, all at once: enough for a pilot team, far below RCE's 500 per minute. */
export const MAX_AGENTS_CHECKED = 20;
const NAMES_SHOWN = 5;
const NEEDED = ["read", "reply"] as const;

function lacking(permissions: readonly string[]): string[] {
  return NEEDED.filter((p) => !permissions.includes(p));
}

export function checkSourcePermissions(
  client: EngageClient,
  agents: RceUser[] | undefined,
): Promise<SetupCheck> {
  const { sourceId } = client.settings;
  return guarded(PERMISSIONS_CHECK, async () => {
    if (!agents || agents.length === 0) {
      return cannotCheck(
        PERMISSIONS_CHECK,
        "No enabled agent holds the Agent category (see that line): nobody to check.",
      );
    }
    const checked = agents.slice(0, MAX_AGENTS_CHECKED);
    const permissions = await Promise.all(
      checked.map((agent) => client.rest.getSourcesPermissions(agent.id)),
    );
    const missing = checked
      .map((agent, i) => ({ agent, lacks: lacking(permissions[i][sourceId] ?? []) }))
      .filter((entry) => entry.lacks.length > 0);
    const beyond =
      agents.length > checked.length
        ? ` (the first ${checked.length} of ${agents.length} agents were checked)`
        : "";
    if (missing.length === 0) {
      return pass(
        PERMISSIONS_CHECK,
        `${checked.length} agent(s) with the Agent category may read and reply on source ${sourceId}${beyond}.`,
      );
    }
    const shown = missing
      .slice(0, NAMES_SHOWN)
      .map(({ agent, lacks }) => `${agentName(agent)} (no ${lacks.join(", no ")})`)
      .join("; ");
    const more = missing.length > NAMES_SHOWN ? ` and ${missing.length - NAMES_SHOWN} more` : "";
    return fail(
      PERMISSIONS_CHECK,
      `${missing.length} agent(s) cannot answer on source ${sourceId}: ${shown}${more}${beyond}.`,
      {
        step: 4,
        action:
          "In RCE Agents click the key icon of each agent named and tick read and reply on the SDK source.",
      },
    );
  });
}
