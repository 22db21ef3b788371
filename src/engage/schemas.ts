/**
 * JSON schemas for the RCE answers the code relies on. They require only what the OpenAPI spec marks
 * required (almost always `id` alone: every other field may be absent), check the type of what we
 * read, allow every other field (RCE adds fields over time) and accept null where RCE sends it.
 */
import type { SchemaObject } from "ajv";
import { schemaOf } from "../validation/typed";
import type {
  RceAgentStatus,
  RceCategory,
  RceCustomField,
  RceIdentity,
  RceIdentityGroup,
  RceIntervention,
  RceInterventionComment,
  RceSource,
  RceTask,
  RceThread,
  RceUser,
  RceWebhook,
  SdkUser,
} from "./types";

const id: SchemaObject = { type: "string", minLength: 1 };
const idList: SchemaObject = { type: "array", items: { type: "string" } };
const optionalText: SchemaObject = { type: ["string", "null"] };

const threadSchema = schemaOf<RceThread>({
  type: "object",
  required: ["id"],
  properties: {
    id,
    source_id: id,
    foreign_id: optionalText,
    closed: { type: ["boolean", "null"] },
    category_ids: idList,
    thread_category_ids: idList,
  },
});

const interventionSchema = schemaOf<RceIntervention>({
  type: "object",
  required: ["id"],
  properties: {
    id,
    thread_id: id,
    user_id: optionalText,
    identity_id: optionalText,
    closed: { type: ["boolean", "null"] },
    closed_at: optionalText,
    category_ids: idList,
  },
});

const identitySchema = schemaOf<RceIdentity>({
  type: "object",
  required: ["id"],
  properties: { id, foreign_id: optionalText, identity_group_id: optionalText, screenname: optionalText },
});

const identityGroupSchema = schemaOf<RceIdentityGroup>({
  type: "object",
  required: ["id"],
  properties: { id },
});

const categorySchema = schemaOf<RceCategory>({
  type: "object",
  required: ["id"],
  properties: { id, name: optionalText, parent_id: optionalText },
});

const sourceSchema = schemaOf<RceSource>({
  type: "object",
  required: ["id"],
  properties: {
    id,
    name: optionalText,
    active: { type: ["boolean", "null"] },
    channel_id: optionalText,
    default_category_ids: idList,
  },
});

const customFieldSchema = schemaOf<RceCustomField>({
  type: "object",
  required: ["id"],
  properties: { id, key: optionalText, label: optionalText, associated_type_name: optionalText },
});

const interventionCommentSchema = schemaOf<RceInterventionComment>({
  type: "object",
  required: ["id"],
  properties: { id, intervention_id: optionalText, user_id: optionalText },
});

const userSchema = schemaOf<RceUser>({
  type: "object",
  required: ["id"],
  properties: {
    id,
    firstname: optionalText,
    lastname: optionalText,
    nickname: optionalText,
    category_ids: idList,
  },
});

const agentStatusSchema = schemaOf<RceAgentStatus>({
  type: "object",
  properties: {
    agent_id: id,
    channels: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id,
          // A free string in the spec (the guide names available, away and null).
          status: { type: ["string", "null"] },
          busyness: { type: ["string", "null"] },
        },
      },
    },
  },
});

const taskSchema = schemaOf<RceTask>({
  type: "object",
  required: ["id"],
  properties: { id, thread_id: optionalText, intervention_id: optionalText, channel_id: optionalText },
});

const webhookSchema = schemaOf<RceWebhook>({
  type: "object",
  required: ["id"],
  properties: {
    id,
    url: optionalText,
    name: optionalText,
    active: { type: ["boolean", "null"] },
    registered_events: idList,
    verify_token: optionalText,
    staging_use: { type: ["boolean", "null"] },
    api_access_token: {
      anyOf: [{ type: "null" }, { type: "object", required: ["id"], properties: { id } }],
    },
  },
});

/** GET /users/{userId}/sources_permissions: an object of source id → permission names. */
const sourcesPermissionsSchema: SchemaObject = {
  type: "object",
  additionalProperties: { type: "array", items: { type: "string" } },
};

/** `record` is a schema or the registry name of one ({$ref: name}), so lists share its code. */
function listSchema(record: SchemaObject | string): SchemaObject {
  const items = typeof record === "string" ? { $ref: record } : record;
  return {
    type: "object",
    // The spec marks nothing required; without records the answer is not a list at all (a wrong host
    // answering {} must not pass as "no threads").
    required: ["records"],
    properties: {
      count: { type: "integer", minimum: 0 },
      offset: { type: "integer", minimum: 0 },
      limit: { type: "integer", minimum: 0 },
      records: { type: "array", items },
    },
  };
}

function arraySchema(item: SchemaObject | string): SchemaObject {
  return { type: "array", items: typeof item === "string" ? { $ref: item } : item };
}

const userText: SchemaObject = { type: "string", minLength: 1, maxLength: 2048 };
const isoDate: SchemaObject = {
  type: "string",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$",
};

/** Source SDK user object (objects.md "User"), with the context_data key rule [a-zA-Z-]. */
const sdkUserSchema = schemaOf<SdkUser>({
  type: "object",
  required: ["id", "screenname", "created_at", "updated_at"],
  additionalProperties: false,
  properties: {
    id: { type: "string", minLength: 1, maxLength: 255 },
    screenname: { type: "string", minLength: 1, maxLength: 255 },
    created_at: isoDate,
    updated_at: isoDate,
    firstname: userText,
    lastname: userText,
    email: userText,
    home_phone: userText,
    mobile_phone: userText,
    gender: { enum: ["man", "woman"] },
    avatar_url: userText,
    puppetizable: { type: "boolean" },
    context_data: {
      type: "object",
      maxProperties: 100,
      propertyNames: { pattern: "^[a-zA-Z-]+$", maxLength: 64 },
      additionalProperties: {
        anyOf: [
          { type: "string", maxLength: 1000 },
          { type: "array", maxItems: 50, items: { type: "string", maxLength: 1000 } },
        ],
      },
    },
  },
});

/**
 * Every schema of the Engage client, by name (list schemas refer to their record schema by name).
 * Compiled by ./validators.ts from source, precompiled by scripts/bundle.js for the bundle.
 */
export const ENGAGE_SCHEMAS = {
  sdkUser: sdkUserSchema,
  thread: threadSchema,
  threadList: listSchema("thread"),
  intervention: interventionSchema,
  interventionList: listSchema("intervention"),
  identity: identitySchema,
  identityList: listSchema("identity"),
  identityGroup: identityGroupSchema,
  category: categorySchema,
  categoryList: listSchema("category"),
  source: sourceSchema,
  sourcesPermissions: sourcesPermissionsSchema,
  user: userSchema,
  userList: listSchema("user"),
  agentStatus: agentStatusSchema,
  agentStatusArray: arraySchema("agentStatus"),
  task: taskSchema,
  taskList: listSchema("task"),
  webhook: webhookSchema,
  webhookList: listSchema("webhook"),
  customField: customFieldSchema,
  customFieldList: listSchema("customField"),
  interventionComment: interventionCommentSchema,
} as const;

export type EngageSchemaName = keyof typeof ENGAGE_SCHEMAS;
