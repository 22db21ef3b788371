/**
 * The simulator's own model. Records are stored exactly in the JSON shape the REST API renders
 * (fields from the public OpenAPI spec of RingCentral Engage Digital); state the API never renders
 * (permissions, secrets, locks, task queues...) lives in the `*Meta` side tables of the store.
 */
import { SOURCE_PERMISSIONS } from "../contract/rceOperations";

// ---------- REST records (rendered as-is) ----------

export interface SimCommunity {
  id: string;
  name: string;
  type: string;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface SimSource {
  id: string;
  name: string;
  type: string;
  active: boolean;
  status: string;
  error_message: string | null;
  channel_id: string | null;
  community_id: string;
  color: number;
  default_category_ids: string[];
  user_thread_default_category_ids: string[];
  default_task_priority: number;
  default_content_language: string | null;
  auto_detect_content_language: boolean;
  content_languages: string[];
  content_archiving: boolean;
  content_archiving_period: number | null;
  hidden_from_stats: boolean;
  intervention_messages_boost: number;
  transferred_tasks_boost: number;
  sla_response: number;
  sla_threshold: number;
  sla_expired_strategy: "max" | "half" | "base";
  time_sheet_ids: string[];
  attachments_security_level: "strict" | "relaxed" | "permissive";
  created_at: string;
  updated_at: string;
}

export interface SimChannel {
  id: string;
  name: string;
  label: string;
  source_ids: string[];
  soft_capability: number;
  hard_capability: number;
  task_timeout_seconds: number;
  agent_sla: number;
  agent_sla_threshold: number;
  task_auto_complete_seconds: number | null;
  auto_complete_category_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface SimCategory {
  id: string;
  name: string;
  parent_id: string | null;
  color: number;
  mandatory: boolean;
  multiple: boolean;
  post_qualification: boolean;
  unselectable: boolean;
  source_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface SimUser {
  id: string;
  firstname: string;
  lastname: string;
  nickname: string | null;
  email: string;
  gender: "man" | "woman" | null;
  enabled: boolean;
  category_ids: string[];
  identity_ids: string[];
  team_ids: string[];
  role_id: string;
  spoken_languages: string[];
  locale: string;
  timezone: string | null;
  external_id: string | null;
  rc_user_id: string | null;
  user_capacity_id: string | null;
  invitation_pending: boolean;
  no_password: boolean;
  created_at: string;
  updated_at: string;
}

export interface SimIdentity {
  id: string;
  foreign_id: string | null;
  uuid: string;
  type: string;
  screenname: string | null;
  display_name: string | null;
  firstname: string | null;
  lastname: string | null;
  email: string | null;
  home_phone: string | null;
  mobile_phone: string | null;
  gender: string | null;
  company: string | null;
  avatar_url: string | null;
  community_id: string;
  community_url: string | null;
  identity_group_id: string | null;
  extra_values: Record<string, string | string[]>;
  user_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface SimIdentityGroup {
  id: string;
  firstname: string | null;
  lastname: string | null;
  company: string | null;
  gender: string | null;
  avatar_url: string | null;
  emails: string[];
  home_phones: string[];
  mobile_phones: string[];
  notes: string | null;
  tag_ids: string[];
  identity_ids: string[];
  custom_field_values: Record<string, string | string[]>;
  created_at: string;
  updated_at: string;
}

export interface SimThread {
  id: string;
  source_id: string;
  foreign_id: string | null;
  title: string | null;
  closed: boolean;
  /** Computed by the store: thread categories plus content and intervention categories. */
  category_ids: string[];
  /** The thread's own set, replaced by PUT /content_threads/{id}/update_categories. */
  thread_category_ids: string[];
  interventions_count: number;
  contents_count: number;
  extra_data: Record<string, unknown>;
  last_content_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SimAttachment {
  id: string;
  content_type: string | null;
  filename: string | null;
  size: number | null;
  url: string | null;
  foreign_id: string | null;
  embed: boolean;
  created_at: string;
  updated_at: string;
}

export type SimContentStatus = "new" | "assigned" | "replied" | "user_reply" | "user_initiated" | "ignored";

export interface SimContent {
  id: string;
  source_id: string;
  source_type: string;
  source_url: string | null;
  thread_id: string;
  author_id: string | null;
  creator_id: string | null;
  foreign_id: string | null;
  type: string;
  created_from: string;
  private_message: boolean;
  status: SimContentStatus;
  intervention_id: string | null;
  language: string | null;
  title: string | null;
  body: string;
  body_formatted: { text: string; html: string };
  body_input_format: "text" | "html";
  attachments: SimAttachment[];
  attachments_count: number;
  synchronization_status: string;
  synchronization_error: string | null;
  /** Computed by the store: own categories, else the intervention's, else the thread's. */
  category_ids: string[];
  context_data?: Record<string, string | string[]>;
  foreign_categories?: string[];
  /** An SDK message's structured content (structured-messages.md), as the source or agent sent it. */
  structured_content?: Record<string, unknown>;
  /** A reply to a structured content's choice (objects.md `structured_reply`). */
  structured_reply?: { payload: string };
  first_in_thread: boolean;
  in_reply_to_id: string | null;
  in_reply_to_author_id: string | null;
  identity_group_id: string | null;
  approval_required: boolean;
  published: boolean;
  remotely_deleted: boolean;
  auto_submitted: boolean;
  created_at: string;
  updated_at: string;
}

export interface SimIntervention {
  id: string;
  thread_id: string;
  content_id: string | null;
  source_id: string;
  identity_id: string | null;
  identity_group_id: string | null;
  user_id: string | null;
  category_ids: string[];
  closed: boolean;
  closed_at: string | null;
  deferred_at: string | null;
  /** Localized label in real RCE; English here ("Open", "Closed", "Deferred", "Reopened"). */
  status: string;
  custom_fields: Record<string, unknown>;
  comments_count: number;
  user_replies_count: number;
  first_user_reply_id: string | null;
  first_user_reply_in: number | null;
  first_user_reply_in_bh: number | null;
  last_user_reply_in: number | null;
  last_user_reply_in_bh: number | null;
  user_reply_in_average: number | null;
  user_reply_in_average_bh: number | null;
  user_reply_in_average_count: number;
  created_at: string;
  updated_at: string;
}

export interface SimTask {
  id: string;
  thread_id: string | null;
  intervention_id: string | null;
  content_id: string | null;
  channel_id: string | null;
  agent_ids: string[];
  priority: number;
  step: string | null;
  created_at: string;
  accepted_at: string | null;
  locked_at: string | null;
  expire_at: string | null;
  transfered_at: string | null;
  completed_at: string | null;
  updated_at: string;
}

/**
 * `channels[].status` is a free string in the spec (AgentStatusChannel.status); the guide names
 * "available", "away" and null. Any string can be set (e.g. "busy", "offline").
 */
export type SimChannelState = "available" | "away" | (string & {}) | null;
/** The spec enumerates unoccupied/ok/busy/full, but tests may set any string to check tolerance. */
export type SimBusyness = "unoccupied" | "ok" | "busy" | "full" | (string & {});

export interface SimAgentStatus {
  agent_id: string;
  channels: { id: string; name: string; status: SimChannelState; busyness: SimBusyness }[];
  custom_status: { id: string } | null;
}

export interface SimWebhook {
  id: string;
  /** Optional through the API (webhooks/create.md); absent from the spec's Webhook schema. */
  name?: string;
  url: string;
  active: boolean;
  staging_use: boolean;
  registered_events: string[];
  verify_token: string | null;
  webhook_status: string;
  /** The spec's WebhookAccessToken: id (required), created_at, updated_at; no name. */
  api_access_token: { id: string; created_at: string; updated_at: string };
}

// ---------- side tables (never rendered) ----------

/** Source permissions the spec lists for PUT /users/{userId}/sources_permissions (one list, in the contract table). */
export { SOURCE_PERMISSIONS };
export type SimPermission = (typeof SOURCE_PERMISSIONS)[number];

export interface SimAccessToken {
  id: string;
  token: string;
  name: string;
  /** The agent the token belongs to (its rights are the token's). */
  userId: string;
  /** The user who created the token (GET /webhooks shows webhooks of tokens created by the caller). */
  createdBy: string;
  created_at: string;
}

export interface SimUserMeta {
  /** source id -> permissions of this user on that source. */
  permissions: Map<string, Set<SimPermission>>;
  /** "monitor the task view" right, needed by GET /status and GET /tasks. */
  monitorTasks: boolean;
  /** May close interventions owned by others ("edit permissions"). */
  manageInterventions: boolean;
  /** "Can view users": GET /users and /users/{id}/sources_permissions (403 without it). */
  viewUsers: boolean;
  /** manage_api_access_tokens: GET /webhooks lists every webhook, not only those of own tokens. */
  manageApiAccessTokens: boolean;
}

export interface SdkImplementationInfo {
  objects: Record<string, string[]>;
  options: string[];
}

export interface SimSourceMeta {
  realtimeAccessToken: string;
  baseUri: string | null;
  /** The last successful implementation.info answer; null = never asked (simulator is lenient). */
  implementation: SdkImplementationInfo | null;
}

export interface SimIdentityMeta {
  puppetizable: boolean;
  controlled: boolean;
}

export interface SimContentMeta {
  ownCategoryIds: string[];
  /** true for contents written by an agent (REST / sim.agentReplies). */
  fromAgent: boolean;
  readAt: string | null;
}

export interface SimTaskMeta {
  queue: string;
}

export interface SimWebhookMeta {
  secret: string | null;
  /** Id of the API access token the webhook was created with. */
  tokenId: string;
}

export interface SimAgentStatusMeta {
  connected: boolean;
}

// ---------- request log ----------

export interface LoggedRequest {
  seq: number;
  method: string;
  /** Path without the query string, e.g. "/1.0/content_threads". */
  path: string;
  /** Path and query as received. */
  url: string;
  /** Query string parsed with URLSearchParams; repeated keys become arrays, keys are kept verbatim. */
  query: Record<string, string | string[]>;
  /** Lower-cased header names; repeated headers are joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Response status; 0 while pending or when the connection was reset / left hanging. */
  status: number;
  /** Name of the fault rule that touched this request, if any. */
  fault: string | null;
  time: string;
  durationMs: number;
}

// ---------- pushes (RCE -> integrator) ----------

export interface PushResult {
  /** HTTP status, or 0 when the connection failed. */
  status: number;
  body: string;
  headers: Record<string, string>;
  /** true when the answer carries a valid X-SMCCSDK-SIGNATURE for its exact body bytes. */
  signatureValid: boolean;
  /** The exact request body that was sent. */
  requestBody: string;
  /** Error message when the request itself failed (connection refused, timeout...). */
  error: string | null;
  /** JSON-parsed answer body, or undefined when it is not JSON. */
  json: unknown;
}

export interface WebhookEventInput {
  type: string;
  id?: string;
  issued_at?: string;
  user_id?: string;
  action?: string;
  /** A string id is rendered per settings.webhookResourceIdType; a number is sent as given. */
  resource: { type: string; id: string | number; metadata?: Record<string, unknown> };
}

export interface WebhookEvent {
  type: string;
  id: string;
  issued_at: string;
  user_id?: string;
  action?: string;
  /** String or Integer (events.md's example vs its field table), per settings.webhookResourceIdType. */
  resource: { type: string; id: string | number; metadata: Record<string, unknown> };
}

export interface WebhookPayload {
  id: string;
  domain_id: string | number;
  events: WebhookEvent[];
}

export interface WebhookDeliveryResult {
  status: number;
  body: string;
  headers: Record<string, string>;
  payload: WebhookPayload;
  requestBody: string;
  error: string | null;
  attempts: number;
}

export interface WebhookVerificationResult {
  status: number;
  body: string;
  challenge: string;
  /** true when the endpoint answered 200 with exactly the challenge. */
  ok: boolean;
  error: string | null;
}

export interface PushLogEntry {
  kind: "sdk" | "webhook" | "webhook-verify";
  /** Source SDK action (kind "sdk"). */
  action?: string;
  /**
   * Agent-reply pushes (messages.create / private_messages.create): the form of the integrator's
   * answer, `{"id", "body"}` or `{"id"}`; null when the answer had no string id.
   */
  answerForm?: "id+body" | "id" | null;
  url: string;
  requestBody: string;
  status: number;
  time: string;
}

/** A custom field an admin defined (GET /custom_fields; spec schema CustomField). */
export interface SimCustomField {
  id: string;
  key: string;
  label: string;
  associated_type_name: "Intervention" | "IdentityGroup";
  type: string;
  multiple: boolean;
  position: number;
  created_at: string;
  updated_at: string;
}

/** An intervention comment: an internal note agents see, never the customer (spec InterventionComment). */
export interface SimInterventionComment {
  id: string;
  body: string;
  intervention_id: string;
  thread_id: string;
  user_id: string;
  created_at: string;
  updated_at: string;
}
