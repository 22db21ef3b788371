import type { EngageClient } from "../../engage/client";
import { isEngageError } from "../../engage/errors";
import type { RceAgentStatus, RceUser } from "../../engage/types";

/** Agents with a channel (the given one, or any) that is `available` and not `full`. */
export function countAvailableAgents(statuses: readonly RceAgentStatus[], channelId?: string): number {
  return statuses.filter((agent) =>
    (agent.channels ?? []).some(
      (channel) =>
        (!channelId || channel.id === channelId) &&
        channel.status === "available" &&
        channel.busyness !== "full",
    ),
  ).length;
}

/** The name an agent shows: the nickname, else first and last name. */
export function agentName(
  user: Pick<RceUser, "firstname" | "lastname"> & { nickname?: string | null },
): string | undefined {
  return (
    user.nickname?.trim() || [user.firstname, user.lastname].filter(Boolean).join(" ").trim() || undefined
  );
}

/**
 * The agent's display name read from RCE (GET /users/{id}); undefined when RCE does not show it
 * (no such user, or the token's agent may not view users). Other failures are the node's.
 */
export async function readAgentName(client: EngageClient, agentId: string): Promise<string | undefined> {
  try {
    return agentName(await client.rest.getUser(agentId));
  } catch (error) {
    if (isEngageError(error) && (error.kind === "not_found" || error.kind === "permission")) return undefined;
    throw error;
  }
}
