/** What the gateway accepts from outside, as JSON schemas (compiled by ./validators.ts). */
import type {
  SdkAgentMessageParams,
  SdkQueuingUpdateParams,
  SdkRequest,
  WebhookPayload,
} from "../engage/types";
import { schemaOf } from "../validation/typed";

/** A Source SDK request to the Base URI: {action, params, time}. */
const sdkRequestSchema = schemaOf<SdkRequest>({
  type: "object",
  required: ["action"],
  properties: {
    action: { type: "string", minLength: 1, maxLength: 100 },
    params: { type: ["object", "null"] },
    time: { type: "string" },
  },
});

/** messages.create params as RCE sends them for an agent's reply. */
const agentMessageSchema = schemaOf<SdkAgentMessageParams>({
  type: "object",
  properties: {
    thread_id: { type: ["string", "null"] },
    in_reply_to_id: { type: ["string", "null"] },
    body: { type: ["string", "null"], maxLength: 100000 },
    format: { type: ["string", "null"] },
    author_id: { type: ["string", "null"] },
    sender_name: { type: ["string", "null"] },
    content_id: { type: ["string", "null"] },
    retry: { type: ["boolean", "null"] },
    attachments: {
      type: ["array", "null"],
      maxItems: 50,
      items: {
        type: "object",
        properties: {
          url: { type: "string" },
          type: { type: ["string", "null"] },
          filename: { type: ["string", "null"] },
        },
      },
    },
    // Read field by field in agentOutputs.ts; here only bounded.
    structured_content: { type: ["object", "null"], maxProperties: 20 },
  },
});

/** messaging.queuing_update params (estimated_wait_time in seconds). */
const queuingUpdateSchema = schemaOf<SdkQueuingUpdateParams>({
  type: "object",
  properties: {
    thread_id: { type: ["string", "null"] },
    in_reply_to_id: { type: ["string", "null"] },
    position: { type: ["number", "null"], minimum: 0 },
    estimated_wait_time: { type: ["number", "null"], minimum: 0 },
  },
});

/** A webhook delivery: {id, domain_id, events: [...]}. Unknown fields are expected and allowed. */
const webhookPayloadSchema = schemaOf<WebhookPayload>({
  type: "object",
  required: ["events"],
  properties: {
    id: { type: "string" },
    domain_id: { type: ["string", "integer"] },
    events: {
      type: "array",
      maxItems: 1000,
      items: {
        type: "object",
        required: ["type", "id", "resource"],
        properties: {
          type: { type: "string", minLength: 1 },
          id: { type: "string", minLength: 1 },
          issued_at: { type: "string" },
          user_id: { type: ["string", "null"] },
          resource: {
            type: "object",
            required: ["type", "id"],
            properties: {
              type: { type: "string" },
              id: { anyOf: [{ type: "string", minLength: 1 }, { type: "integer" }] },
              metadata: { type: ["object", "null"] },
            },
          },
        },
      },
    },
  },
});

/** Every schema of the gateway, by name. */
export const GATEWAY_SCHEMAS = {
  sdkRequest: sdkRequestSchema,
  agentMessage: agentMessageSchema,
  queuingUpdate: queuingUpdateSchema,
  webhookPayload: webhookPayloadSchema,
} as const;

export type GatewaySchemaName = keyof typeof GATEWAY_SCHEMAS;
