/**
 * RingCentral Engage Digital objects, typed in one place.
 * Shapes follow the public REST spec and Source SDK docs (see README "Sources"); fields we do not read
 * are left out on purpose, and every object may carry more fields than listed here.
 */

// ---------- REST (https://<account>.api.<platform>/1.0) ----------

/** Collection envelope of every paged REST list. */
export interface RceList<T> {
  /** The spec marks every envelope field optional; without count, paging stops at a short page. */
  count?: number;
  offset?: number;
  limit?: number;
  records: T[];
}

export interface RceThread {
  id: string;
  source_id?: string;
  foreign_id?: string | null;
  title?: string | null;
  closed?: boolean;
  /** Categories aggregated from contents and interventions. */
  category_ids?: string[];
  /** The thread's own category set: what update_categories replaces (documented; read defensively). */
  thread_category_ids?: string[];
  interventions_count?: number;
  contents_count?: number;
  created_at?: string;
  updated_at?: string;
  last_content_at?: string | null;
}

export interface RceIntervention {
  id: string;
  thread_id?: string;
  content_id?: string | null;
  source_id?: string | null;
  identity_id?: string | null;
  /** The agent handling it; null while unassigned. */
  user_id?: string | null;
  category_ids?: string[];
  /** Optional in the spec: read through isInterventionClosed. */
  closed?: boolean;
  closed_at?: string | null;
  deferred_at?: string | null;
  /** Its custom fields' values by key (PUT /interventions/{id} custom_field_values[key]). */
  custom_fields?: Record<string, unknown> | null;
  user_replies_count?: number;
  created_at?: string;
  updated_at?: string;
}

/** An admin-defined field of interventions or identity groups (GET /custom_fields). */
export interface RceCustomField {
  id: string;
  key?: string | null;
  label?: string | null;
  /** "Intervention" or "IdentityGroup". */
  associated_type_name?: string | null;
  multiple?: boolean | null;
}

/** An internal note on an intervention, shown to agents only (POST /intervention_comments). */
export interface RceInterventionComment {
  id: string;
  intervention_id?: string | null;
  user_id?: string | null;
  body?: string | null;
}

export interface RceIdentity {
  id: string;
  foreign_id?: string | null;
  screenname?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
  identity_group_id?: string | null;
  community_id?: string | null;
  user_ids?: string[];
  type?: string | null;
}

export interface RceIdentityGroup {
  id: string;
  firstname?: string | null;
  lastname?: string | null;
  company?: string | null;
  gender?: string | null;
  emails?: string[];
  home_phones?: string[];
  mobile_phones?: string[];
  notes?: string | null;
  custom_field_values?: Record<string, unknown>;
}

/** Fields of PUT /identity_groups/{id}. */
export interface RceIdentityGroupUpdate {
  firstname?: string;
  lastname?: string;
  company?: string;
  gender?: "man" | "woman";
  emails?: string[];
  home_phones?: string[];
  mobile_phones?: string[];
  notes?: string;
  custom_field_values?: Record<string, string>;
}

export interface RceCategory {
  id: string;
  name?: string;
  parent_id?: string | null;
  source_ids?: string[];
}

export interface RceSource {
  id: string;
  name?: string;
  type?: string;
  active?: boolean;
  status?: string | null;
  channel_id?: string | null;
  community_id?: string | null;
  default_category_ids?: string[];
}

export interface RceUser {
  id: string;
  firstname?: string | null;
  lastname?: string | null;
  nickname?: string | null;
  email?: string | null;
  enabled?: boolean;
  category_ids?: string[];
  identity_ids?: string[];
}

/** The guide names available, away and null; the spec types it as any string, so others may come. */
export type RceAgentChannelState = string | null;

export interface RceAgentStatus {
  agent_id?: string;
  channels?: {
    id?: string;
    name?: string | null;
    status?: RceAgentChannelState;
    busyness?: string | null;
  }[];
  custom_status?: { id: string } | null;
}

export interface RceTask {
  id: string;
  thread_id?: string | null;
  intervention_id?: string | null;
  content_id?: string | null;
  channel_id?: string | null;
  agent_ids?: string[];
  priority?: number | null;
  step?: string | null;
  created_at?: string;
  accepted_at?: string | null;
  completed_at?: string | null;
}

export interface RceWebhook {
  id: string;
  url?: string;
  active?: boolean;
  registered_events?: string[];
  verify_token?: string | null;
  /** Optional in the API (RCE fills in host + token name when it is left out). */
  name?: string | null;
  staging_use?: boolean | null;
  /** The API access token the webhook belongs to (the spec gives its id and dates, not its agent). */
  api_access_token?: { id: string } | null;
  webhook_status?: string | null;
}

/**
 * Fields of POST /webhooks (url and registered_events required there) and PUT /webhooks/{id}. The
 * secret is never returned by RCE: whoever sets it must keep it.
 */
export interface RceWebhookFields {
  url?: string;
  registered_events?: string[];
  verify_token?: string;
  secret?: string;
  active?: boolean;
  name?: string;
}

/** Fields of POST /categories we send (the others apply only to root categories and keep RCE's defaults). */
export interface RceCategoryCreate {
  name: string;
  parent_id?: string;
}

/** GET /users/{userId}/sources_permissions: source id → permission names (read, reply, …). */
export type RceSourcesPermissions = Record<string, string[]>;

// ---------- Source SDK (Send API and requests to the Base URI) ----------

/** Source SDK user object, as we send it (author of customer messages, or a puppet). */
export interface SdkUser {
  id: string;
  screenname: string;
  created_at: string;
  updated_at: string;
  firstname?: string;
  lastname?: string;
  email?: string;
  home_phone?: string;
  mobile_phone?: string;
  gender?: "man" | "woman";
  avatar_url?: string;
  puppetizable?: boolean;
  /** Keys must match [a-zA-Z-]; values are strings or arrays of strings. */
  context_data?: Record<string, string | string[]>;
}

export type SdkAttachment = { url: string; type?: "audio" | "video" } | { content: string; filename: string };

/** A button of a template or a carousel card (structured-messages.md). */
export interface SdkStructuredButton {
  type: "url" | "reply";
  title: string;
  payload?: string;
  url?: string;
}

/** A carousel card, or the template itself (structured-messages.md). */
export interface SdkStructuredCard {
  title: string;
  subtitle?: string;
  url?: string;
  url_text?: string;
  attachment_url?: string;
  items?: SdkStructuredButton[];
}

/** RCE's structured content (structured-messages.md): select, rich link, template, carousel. */
export type SdkStructuredContent =
  | { type: "select"; items: { title: string; payload?: string }[] }
  | ({ type: "rich_link"; url: string } & Omit<SdkStructuredCard, "items" | "url">)
  | ({ type: "template" } & SdkStructuredCard)
  | { type: "carousel"; items: SdkStructuredCard[] };

/** Documented limits of structured content (structured-messages.md). */
export const STRUCTURED_LIMITS = {
  selectItems: 13,
  carouselItems: 10,
  cardButtons: 4,
  itemTitle: 80,
  cardTitle: 350,
  subtitle: 1000,
  payload: 1000,
  url: 2048,
} as const;

export interface SdkMessage {
  id: string;
  thread_id: string;
  author: SdkUser;
  body?: string;
  /** Only from a puppetizable author, and only when the source declares view.messaging. */
  structured_content?: SdkStructuredContent;
  /** A reply to a structured content's item that has a payload (objects.md). */
  structured_reply?: { payload: string };
  language?: string;
  format?: "text" | "html";
  attachments?: SdkAttachment[];
  actions?: string[];
  categories?: string[];
  context_data?: Record<string, string | string[]>;
  in_reply_to_id?: string;
  created_at?: string;
  updated_at?: string;
}

/**
 * Send API actions we use, with their params. typing.start/stop are left out on purpose: RCE allows
 * them only when the source declares messaging.typing_indicator, which our gateway does not.
 */
export interface SendApiActions {
  "messages.create": SdkMessage;
  "users.create": SdkUser;
  "status.mark_as_read": { id: string };
}
export type SendApiAction = keyof SendApiActions;

/** Any request RCE sends to the source's Base URI. */
export interface SdkRequest {
  action: string;
  params: Record<string, unknown>;
  time?: string;
}

/** Params of messages.create as RCE sends them for an agent's reply. */
export interface SdkAgentMessageParams {
  thread_id?: string;
  body?: string;
  format?: "text" | "html";
  author_id?: string;
  sender_name?: string;
  content_id?: string;
  in_reply_to_id?: string;
  retry?: boolean;
  created_at?: string;
  attachments?: { url: string; type?: string; filename?: string }[];
  /** Read defensively (rich/agentOutputs.ts): it comes from outside. */
  structured_content?: Record<string, unknown>;
}

/** Params of messaging.queuing_update (estimated_wait_time is in seconds). */
export interface SdkQueuingUpdateParams {
  thread_id?: string;
  in_reply_to_id?: string;
  position: number;
  estimated_wait_time: number;
}

// ---------- Webhooks ----------

export interface WebhookEvent {
  type: string;
  id: string;
  issued_at?: string;
  user_id?: string | null;
  resource: {
    type: string;
    /** An Integer in events.md's field table, a string in its example: both arrive. */
    id: string | number;
    metadata?: {
      thread_id?: string;
      source_id?: string;
      identity_id?: string;
      user_id?: string | null;
      category_ids?: string[];
      closed_at?: string | null;
      [key: string]: unknown;
    };
  };
}

export interface WebhookPayload {
  id?: string;
  /** A string in events.md's anatomy table; some examples show a number. */
  domain_id?: string | number;
  events: WebhookEvent[];
}
