/**
 * "Is an agent free?" the way RCE's chatbot guide asks it: GET /status for agents who may reply on
 * the source, then any agent whose channel holding the source is `available` and not `full`.
 */
import type { EngageClient } from "../../engage/client";
import { countAvailableAgents } from "../shared/agents";

export interface Availability {
  available: boolean;
  /** Agents with the source's channel available and not full. */
  availableAgents: number;
  /** Connected agents who may reply on the source. */
  connectedAgents: number;
  channelId?: string;
  /** Only agents who speak this locale were counted (GET /status spoken_languages[]). */
  language?: string;
}

export async function checkAvailability(client: EngageClient, language?: string): Promise<Availability> {
  const source = await client.rest.getSource();
  const channelId = source.channel_id ?? undefined;
  const statuses = await client.rest.getAgentStatuses({
    source_ids: [client.settings.sourceId],
    ...(language ? { spoken_languages: [language] } : {}),
  });
  const availableAgents = countAvailableAgents(statuses, channelId);
  return {
    available: availableAgents > 0,
    availableAgents,
    connectedAgents: statuses.length,
    channelId,
    ...(language ? { language } : {}),
  };
}
