/**
 * JSON schemas for the RCE answers the code relies on. They require only what we read, allow every
 * other field (RCE adds fields over time) and accept null where RCE documents "may be null".
 */
import type { SchemaObject } from "ajv";

const id: SchemaObject = { type: "string", minLength: 1 };
const idList: SchemaObject = { type: "array", items: { type: "string" } };
const optionalText: SchemaObject = { type: ["string", "null"] };

export const errorBodySchema: SchemaObject = {
  type: "object",
  required: ["error", "message"],
  properties: { error: { type: "string" }, message: { type: "string" }, status: { type: ["integer", "string"] } },
};

export const threadSchema: SchemaObject = {
  type: "object",
  required: ["id", "source_id", "thread_category_ids"],
  properties: {
    id,
    source_id: id,
    foreign_id: optionalText,
    closed: { type: ["boolean", "null"] },
    category_ids: idList,
    thread_category_ids: idList,
  },
};

export const contentSchema: SchemaObject = {
  type: "object",
  required: ["id", "thread_id"],
  properties: {
    id,
    thread_id: id,
    source_id: { type: "string" },
    foreign_id: optionalText,
    author_id: optionalText,
    intervention_id: optionalText,
  },
};

export const interventionSchema: SchemaObject = {
  type: "object",
  required: ["id", "thread_id", "closed"],
  properties: {
    id,
    thread_id: id,
    user_id: optionalText,
    identity_id: optionalText,
    closed: { type: "boolean" },
    category_ids: idList,
  },
};

export const identitySchema: SchemaObject = {
  type: "object",
  required: ["id"],
  properties: { id, foreign_id: optionalText, identity_group_id: optionalText, screenname: optionalText },
};

export const identityGroupSchema: SchemaObject = {
  type: "object",
  required: ["id"],
  properties: { id },
};

export const categorySchema: SchemaObject = {
  type: "object",
  required: ["id", "name"],
  properties: { id, name: { type: "string" }, parent_id: optionalText },
};

export const sourceSchema: SchemaObject = {
  type: "object",
  required: ["id", "name"],
  properties: {
    id,
    name: { type: "string" },
    active: { type: ["boolean", "null"] },
    channel_id: optionalText,
    default_category_ids: idList,
  },
};

export const channelSchema: SchemaObject = {
  type: "object",
  required: ["id", "name", "source_ids"],
  properties: { id, name: { type: "string" }, source_ids: idList },
};

export const userSchema: SchemaObject = {
  type: "object",
  required: ["id"],
  properties: {
    id,
    firstname: optionalText,
    lastname: optionalText,
    nickname: optionalText,
    category_ids: idList,
  },
};

export const agentStatusSchema: SchemaObject = {
  type: "object",
  required: ["agent_id", "channels"],
  properties: {
    agent_id: id,
    channels: {
      type: "array",
      items: {
        type: "object",
        required: ["id"],
        properties: {
          id,
          status: { enum: ["available", "away", null] },
          busyness: { type: ["string", "null"] },
        },
      },
    },
  },
};

export const taskSchema: SchemaObject = {
  type: "object",
  required: ["id"],
  properties: { id, thread_id: optionalText, intervention_id: optionalText, channel_id: optionalText },
};

export const webhookSchema: SchemaObject = {
  type: "object",
  required: ["id", "url", "registered_events"],
  properties: {
    id,
    url: { type: "string" },
    active: { type: ["boolean", "null"] },
    registered_events: idList,
  },
};

export function listSchema(record: SchemaObject): SchemaObject {
  return {
    type: "object",
    required: ["count", "records"],
    properties: {
      count: { type: "integer", minimum: 0 },
      offset: { type: "integer", minimum: 0 },
      limit: { type: "integer", minimum: 0 },
      records: { type: "array", items: record },
    },
  };
}

export function arraySchema(item: SchemaObject): SchemaObject {
  return { type: "array", items: item };
}
