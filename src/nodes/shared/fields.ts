/**
 * Fields several RCE nodes share (those every node has are added by cognigy/defineNode.ts), and how
 * their values are read, so a default is written once.
 */
import type { INodeField } from "@cognigy/extension-tools/build/interfaces/descriptor";
import {
  DEFAULT_AGENT_IDENTITY,
  DEFAULT_BOT_IDENTITY,
  type HandoverIdentities,
  handoverIdentities,
} from "../../engage/identities";

export function profileFields(): INodeField[] {
  return [
    {
      key: "userId",
      type: "cognigyText",
      label: "RCE user id",
      description:
        "Identifies the end user in RCE. Leave empty to use Cognigy's user id, which stays the same across sessions.",
      defaultValue: "",
    },
    {
      key: "mapping",
      type: "json",
      label: "Profile mapping",
      description:
        'Overrides: profile key → RCE user field or context:<key>, e.g. {"phone": "mobile_phone", "crm.id": "context:crm-id"}.',
      defaultValue: "{}",
    },
    {
      key: "include",
      type: "chipInput",
      label: "Only these profile keys",
      description:
        "If set, only these keys (or key prefixes) go to context_data. Standard fields are always mapped.",
      defaultValue: [],
    },
    {
      key: "exclude",
      type: "chipInput",
      label: "Never send these profile keys",
      defaultValue: [],
    },
    {
      key: "ignorePreventDataCollection",
      type: "toggle",
      label: "Send the profile despite 'prevent data collection'",
      description:
        "Off: a user who asked for no data collection reaches RCE only as an id and 'Customer xxxxxx'.",
      defaultValue: false,
    },
  ];
}

export const PROFILE_SECTION_FIELDS = [
  "userId",
  "mapping",
  "include",
  "exclude",
  "ignorePreventDataCollection",
];

export function botFields(): INodeField[] {
  return [
    {
      key: "botUserId",
      type: "cognigyText",
      label: "Bot user id in RCE",
      description: "Author of bot messages; an admin marks this identity Controlled (setup step 7).",
      defaultValue: DEFAULT_BOT_IDENTITY.id,
    },
    {
      key: "botName",
      type: "cognigyText",
      label: "Bot name in RCE",
      defaultValue: DEFAULT_BOT_IDENTITY.name,
    },
  ];
}

/** The identity agents reply as; the gateway creates the same one (its agentIdentityId setting). */
export function agentIdentityFields(): INodeField[] {
  return [
    {
      key: "agentUserId",
      type: "cognigyText",
      label: "Agent identity id in RCE",
      description:
        "The identity agents reply as; an admin marks it Controlled and assigns it to agents (setup step 7).",
      defaultValue: DEFAULT_AGENT_IDENTITY.id,
    },
    {
      key: "agentName",
      type: "cognigyText",
      label: "Agent identity name in RCE",
      defaultValue: DEFAULT_AGENT_IDENTITY.name,
    },
  ];
}

/** What botFields() and agentIdentityFields() put in a node's config. */
export interface IdentityConfig {
  botUserId?: string;
  botName?: string;
  agentUserId?: string;
  agentName?: string;
}

/** The identities the fields name; blank fields fall back to the defaults. */
export function identitiesOf(config: IdentityConfig): HandoverIdentities {
  return handoverIdentities({
    botId: config.botUserId,
    botName: config.botName,
    agentId: config.agentUserId,
    agentName: config.agentName,
  });
}

/** How long a node waits for RCE's import of the conversation unless the builder says otherwise. */
const DEFAULT_IMPORT_WAIT_MS = 8000;

export const maxImportWaitField: INodeField = {
  key: "maxImportWaitMs",
  type: "number",
  label: "Wait for RCE's import (ms)",
  description:
    "RCE imports messages asynchronously; how long to wait for the conversation's thread to appear.",
  defaultValue: DEFAULT_IMPORT_WAIT_MS,
  params: { min: 0, max: 15000 },
};

export interface ImportWaitConfig {
  maxImportWaitMs?: number;
}

/** The field's value; the default when it is empty or not a positive number. */
export function importWaitOf(config: ImportWaitConfig): number {
  const asked = Number(config.maxImportWaitMs);
  return asked > 0 ? asked : DEFAULT_IMPORT_WAIT_MS;
}
