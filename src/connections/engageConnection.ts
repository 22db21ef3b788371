import type { IConnectionSchema } from "@cognigy/extension-tools";
import { SETTING_FIELDS, type SettingField } from "../engage/settings";

/** Connection type every node's `connection` field points at. */
export const ENGAGE_CONNECTION_TYPE = "ringcentral-engage";

const DESCRIPTIONS: Record<SettingField, string> = {
  apiAccessToken:
    "Token from RCE Admin > API access tokens, bound to the agent the handover acts as (setup step 1).",
  botCategoryId:
    "Id of the Bot category, from its admin URL …/admin/categories/<CATEGORY_ID>/edit (setup step 2).",
  agentCategoryId:
    "Id of the Agent category, from its admin URL …/admin/categories/<CATEGORY_ID>/edit (setup step 2).",
  realtimeAccessToken:
    "The SDK source's own 'API access token' (Admin > Sources > your source, setup step 3).",
  realtimeEndpointUrl:
    "The SDK source's Realtime Endpoint URL from Implementation Details, …/realtime/sdk/<source id> (step 3).",
  webhookSecret:
    "The Secret of the webhook that reports intervention.closed (Admin > Webhooks, setup step 5).",
  baseApiUrl:
    "Your RCE address with 'api.' after the account name, e.g. acme.api.engagement.dimelo.com (setup step 6).",
};

/**
 * The platform's upload schema allows a label and description per field beyond extension-tools'
 * typing; Cognigy shows them where its UI supports them.
 */
type DescribedConnectionSchema = IConnectionSchema & {
  fields: { fieldName: string; label: string; description: string; required: boolean }[];
};

export const engageConnection: DescribedConnectionSchema = {
  type: ENGAGE_CONNECTION_TYPE,
  label: "RingCentral Engage",
  fields: SETTING_FIELDS.map(({ fieldName, label }) => ({
    fieldName,
    label,
    description: DESCRIPTIONS[fieldName],
    required: true,
  })),
};
