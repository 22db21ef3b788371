/** Fields and sections several RCE nodes share. */
import type { INodeField, INodeSection } from "@cognigy/extension-tools/build/interfaces/descriptor";
import { DEFAULT_NODE_TIME_BUDGET_MS, MAX_TIME_BUDGET_MS } from "../../cognigy/engageNode";
import { ENGAGE_CONNECTION_TYPE } from "../../connections/engageConnection";
import { DEFAULT_AGENT_IDENTITY, DEFAULT_BOT_IDENTITY } from "../../engage/identities";

/** RCE's brand-adjacent orange for every node of this extension. */
export const NODE_COLOR = "#ff7a00";

export const connectionField: INodeField = {
  key: "connection",
  type: "connection",
  label: "RingCentral Engage connection",
  params: { connectionType: ENGAGE_CONNECTION_TYPE, required: true },
};

export const timeBudgetField: INodeField = {
  key: "timeBudgetMs",
  type: "number",
  label: "Time budget (ms)",
  description: `All RCE requests of this node, retries included, must finish within this time (${MAX_TIME_BUDGET_MS} ms at most; Cognigy stops a node after 20 s).`,
  defaultValue: DEFAULT_NODE_TIME_BUDGET_MS,
  params: { min: 1000, max: MAX_TIME_BUDGET_MS },
};

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

export function advancedSection(fields: string[]): INodeSection {
  return { key: "advanced", label: "Advanced", defaultCollapsed: true, fields };
}

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

export const maxImportWaitField: INodeField = {
  key: "maxImportWaitMs",
  type: "number",
  label: "Wait for RCE's import (ms)",
  description:
    "RCE imports messages asynchronously; how long to wait for the conversation's thread to appear.",
  defaultValue: 8000,
  params: { min: 0, max: 15000 },
};
