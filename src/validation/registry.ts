/**
 * Every schema (list schemas refer to their record schema by name) the code validates with, by name. The bundle precompiles all of them (ajv standalone
 * code, see scripts/bundle.js), so the uploaded extension never builds code from strings at run time.
 */
import {
  agentStatusSchema,
  arraySchema,
  categorySchema,
  channelSchema,
  connectionSettingsSchema,
  contentSchema,
  errorBodySchema,
  identityGroupSchema,
  identitySchema,
  interventionSchema,
  listSchema,
  sdkUserSchema,
  sourceSchema,
  sourcesPermissionsSchema,
  taskSchema,
  threadSchema,
  userSchema,
  webhookSchema,
} from "../engage/schemas";
import {
  agentMessageSchema,
  gatewayOptionsSchema,
  queuingUpdateSchema,
  sdkRequestSchema,
  webhookPayloadSchema,
} from "../gateway/schemas";
import { profileOptionsSchema } from "../profile/optionsSchema";

export const SCHEMAS = {
  connectionSettings: connectionSettingsSchema,
  errorBody: errorBodySchema,
  sdkUser: sdkUserSchema,
  thread: threadSchema,
  threadList: listSchema("thread"),
  content: contentSchema,
  contentList: listSchema("content"),
  intervention: interventionSchema,
  interventionList: listSchema("intervention"),
  identity: identitySchema,
  identityList: listSchema("identity"),
  identityGroup: identityGroupSchema,
  category: categorySchema,
  categoryList: listSchema("category"),
  source: sourceSchema,
  sourceList: listSchema("source"),
  sourcesPermissions: sourcesPermissionsSchema,
  channel: channelSchema,
  channelList: listSchema("channel"),
  user: userSchema,
  userList: listSchema("user"),
  agentStatus: agentStatusSchema,
  agentStatusArray: arraySchema("agentStatus"),
  task: taskSchema,
  taskList: listSchema("task"),
  webhook: webhookSchema,
  webhookList: listSchema("webhook"),
  // what the gateway receives
  gatewayOptions: gatewayOptionsSchema,
  sdkRequest: sdkRequestSchema,
  agentMessage: agentMessageSchema,
  queuingUpdate: queuingUpdateSchema,
  webhookPayload: webhookPayloadSchema,
  // node settings entered by the bot builder
  profileOptions: profileOptionsSchema,
  transcript: {
    type: "array",
    maxItems: 500,
    items: {
      type: "object",
      required: ["source", "text"],
      properties: {
        source: { enum: ["user", "bot", "agent"] },
        text: { type: "string" },
        timestamp: { type: ["string", "number"] },
      },
    },
  },
  categoryIdList: {
    type: "array",
    maxItems: 20,
    items: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
  },
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** Options shared by the run-time compiler (tests) and the build-time one (bundle). */
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  inlineRefs: false,
} as const;
