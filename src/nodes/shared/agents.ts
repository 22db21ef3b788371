import type { RceAgentStatus } from "../../engage/types";

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
