/**
 * The two puppet identities of a handover. RCE shows an integration's messages under identities the
 * integration creates itself with users.create and `puppetizable: true` ("one time at the beginning",
 * sdks/source-sdk/quick-start.md); an admin then marks them Controlled and assigns the Agent one to
 * the agents (setup step 7), which is what lets agents reply at all.
 *
 * - Bot: author of the bot's messages and of transcripts.
 * - Agent: the identity agents reply as.
 */
import type { EngageSendApi } from "./sendApi";
import type { SdkUser } from "./types";

export interface PuppetIdentity {
  /** Our id for it (RCE's foreign_id of the identity). */
  id: string;
  /** The name RCE shows. */
  name: string;
}

export interface HandoverIdentities {
  bot: PuppetIdentity;
  agent: PuppetIdentity;
}

export const DEFAULT_BOT_IDENTITY: PuppetIdentity = { id: "cognigy-bot", name: "Bot" };
export const DEFAULT_AGENT_IDENTITY: PuppetIdentity = { id: "cognigy-agent", name: "Agent" };

/** RCE does not document a length limit; 255 keeps us clear of any column we cannot see. */
const MAX_FIELD = 255;

/** Blank values fall back to the defaults, so a half-filled form still names two distinct identities. */
export function handoverIdentities(
  given: { botId?: string; botName?: string; agentId?: string; agentName?: string } = {},
): HandoverIdentities {
  const pick = (value: string | undefined, fallback: string) =>
    (value?.trim() || fallback).slice(0, MAX_FIELD);
  return {
    bot: {
      id: pick(given.botId, DEFAULT_BOT_IDENTITY.id),
      name: pick(given.botName, DEFAULT_BOT_IDENTITY.name),
    },
    agent: {
      id: pick(given.agentId, DEFAULT_AGENT_IDENTITY.id),
      name: pick(given.agentName, DEFAULT_AGENT_IDENTITY.name),
    },
  };
}

/** The Source SDK user of a puppet identity. */
export function puppetUser(identity: PuppetIdentity, now: Date): SdkUser {
  const at = now.toISOString();
  return { id: identity.id, screenname: identity.name, puppetizable: true, created_at: at, updated_at: at };
}

/**
 * Creates (or refreshes) both identities: users.create upserts by id, so this is safe to repeat and
 * is retried like any idempotent Send API call. Two signed requests, sent together.
 */
export async function createHandoverIdentities(
  sendApi: EngageSendApi,
  identities: HandoverIdentities,
  now: Date = new Date(),
): Promise<void> {
  await Promise.all([
    sendApi.send("users.create", puppetUser(identities.bot, now)),
    sendApi.send("users.create", puppetUser(identities.agent, now)),
  ]);
}
