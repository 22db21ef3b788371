/**
 * The RCE REST operations this product calls, and a few it may call soon, written by hand from RCE's
 * OpenAPI 3 spec (engage-digital_openapi3.yaml, "RingCX Digital" API 1.0) and the basics pages
 * (pagination: offset, limit ≤ 150; requests: `x[]` for multiple values; auth: Bearer header or
 * `access_token`). Each entry names its spec operationId so it can be traced back.
 *
 * Used by the contract test (restContract.test.ts) against every request EngageRestApi makes, and by
 * the simulator's strict parameter hook (strictParams.ts) against every request the tests make.
 *
 * Conventions:
 * - `path` is the spec's template below /1.0; `{name}` matches one path segment.
 * - `name` is the wire name: `x[]` for arrays (as requests.md asks, also where the spec's own name
 *   lacks the brackets: noted per entry), `x[{key}]` for a hash whose keys are free, `{sourceId}` for a
 *   parameter whose name is itself free.
 * - `enum` lists the allowed values where the spec gives a schema enum (for arrays: each item; for
 *   `commaList`: each comma-separated item). Integer enums are written as the strings the wire carries.
 *   `described` holds values listed only in a description (checked by the contract test alone).
 * - `access_token` (auth.md: accepted on every request as a parameter) is allowed everywhere; where the
 *   spec marks it required, `auth: true` says that the `Authorization: Bearer` header satisfies it.
 */

export type RceMethod = "GET" | "POST" | "PUT" | "DELETE";

export type RceParamKind = "string" | "integer" | "boolean" | "array" | "hash";

export interface RceQueryParam {
  readonly name: string;
  readonly kind: RceParamKind;
  readonly required?: boolean;
  readonly enum?: readonly string[];
  /**
   * Values the spec lists only in the parameter's description (no schema enum): the contract test
   * holds the client to them, the simulator hook does not (the simulator answers for them itself).
   */
  readonly described?: readonly string[];
  /** One string holding a comma-separated list (GET /categories `ids`). */
  readonly commaList?: boolean;
  /** The access token parameter: satisfied by the Authorization header too. */
  readonly auth?: boolean;
  /** Largest value the docs allow (pagination.md: limit ≤ 150). */
  readonly max?: number;
  readonly min?: number;
}

/** The shape of the 200 answer in the spec, so a recorder can answer something valid. */
export type RceAnswer = "object" | "list" | "array" | "map";

export interface RceOperation {
  readonly operationId: string;
  readonly method: RceMethod;
  readonly path: string;
  readonly query: readonly RceQueryParam[];
  readonly answer: RceAnswer;
}

// ----- shared parameter definitions -----

const str = (name: string, extra: Partial<RceQueryParam> = {}): RceQueryParam => ({
  name,
  kind: "string",
  ...extra,
});
const int = (name: string, extra: Partial<RceQueryParam> = {}): RceQueryParam => ({
  name,
  kind: "integer",
  ...extra,
});
const bool = (name: string): RceQueryParam => ({ name, kind: "boolean" });
const list = (name: string, extra: Partial<RceQueryParam> = {}): RceQueryParam => ({
  name: `${name}[]`,
  kind: "array",
  ...extra,
});

/** pagination.md: offset default 0; limit default 30, max 150. */
export const MAX_LIMIT = 150;
const PAGING: readonly RceQueryParam[] = [
  int("offset", { min: 0 }),
  int("limit", { min: 1, max: MAX_LIMIT }),
];
/** search (pagination.md "Search"): the `q` parameter of collections that accept it. */
const SEARCH = str("q");
const ACCESS_TOKEN_REQUIRED = str("access_token", { required: true, auth: true });

/** auth.md: any request may carry its token as the `access_token` parameter. */
export const UNIVERSAL_PARAMS: readonly RceQueryParam[] = [str("access_token", { auth: true })];

const SORT_DATES = ["created_at", "updated_at"] as const;
const GENDERS = ["man", "woman"] as const;
const INTERVENTION_STATUSES = ["active", "closed", "deferred", "opened", "reopened"] as const;
/** getAllSources `permission` ("Filter by user permissions. Default on read"). */
export const SOURCE_LIST_PERMISSIONS = ["read", "initiate_discussion"] as const;
/** updateUserSourcesPermissions: the permissions a `{source_x_id}` value may list (description only). */
export const SOURCE_PERMISSIONS = [
  "read",
  "reply",
  "reply_with_html",
  "initiate_discussion",
  "destroy",
  "approval_required",
  ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((n) => `approval_threshold_${n}` as const),
] as const;
/** createWebhook `registered_events[]`. */
export const WEBHOOK_EVENTS = [
  "content.approved",
  "content.discussion_initiated",
  "content.exported",
  "content.imported",
  "content.replied",
  "content.update_exported",
  "identity.merged",
  "identity.unmerged",
  "intervention.assigned",
  "intervention.canceled",
  "intervention.closed",
  "intervention.custom_fields_updated",
  "intervention.deferred",
  "intervention.opened",
  "intervention.reactivated",
  "intervention.recategorized",
  "intervention.reopened",
  "intervention.user_updated",
  "push_agent.accept_task",
  "push_agent.availability_change",
  "push_agent.busyness_change",
  "push_agent.connected",
  "push_agent.disconnected",
  "push_agent.missed_task",
  "push_agent.reconnected",
  "push_agent.request_task",
  "survey_response.imported",
  "task.assigned",
  "task.completed",
  "task.created",
  "task.destroyed",
  "task.expired_from_step",
  "task.expired_from_workbin",
  "task.recategorized",
  "task.resume",
  "task.supervisor_assigned",
  "task.taken",
  "task.transferred",
  "task.undelivered",
] as const;

const CATEGORY_FIELDS = (colorEnum: readonly string[] | undefined): RceQueryParam[] => [
  str("name"),
  str("parent_id"),
  int("color", colorEnum ? { enum: colorEnum } : {}),
  bool("mandatory"),
  bool("multiple"),
  bool("post_qualification"),
  bool("unselectable"),
  list("source_ids"),
];

const WEBHOOK_FIELDS = (create: boolean): RceQueryParam[] => [
  ACCESS_TOKEN_REQUIRED,
  bool("active"),
  str("name"),
  bool("staging_use"),
  str("url", create ? { required: true } : {}),
  str("verify_token"),
  str("secret"),
  // The enum is given on createWebhook only; updateWebhook declares a plain string array.
  list("registered_events", create ? { required: true, enum: WEBHOOK_EVENTS } : {}),
];

const SSL_VERIFY_MODES = ["NONE", "PEER", "CLIENT_ONCE", "FAIL_IF_NO_PEER_CERT"];
const MAIL_AUTH_TYPES = ["basic", "microsoft_identity_platform"];

// ----- operations the client calls (EngageRestApi, src/engage/restApi.ts) -----

export const RCE_USED_OPERATIONS: readonly RceOperation[] = [
  // threads
  {
    operationId: "getAllThreads",
    method: "GET",
    path: "/content_threads",
    query: [SEARCH, ...PAGING],
    answer: "list",
  },
  {
    operationId: "getThread",
    method: "GET",
    path: "/content_threads/{threadId}",
    query: [],
    answer: "object",
  },
  {
    operationId: "categorizeThread",
    method: "PUT",
    path: "/content_threads/{threadId}/update_categories",
    query: [list("thread_category_ids")],
    answer: "object",
  },
  // contents
  // interventions
  {
    operationId: "getAllInterventions",
    method: "GET",
    path: "/interventions",
    query: [
      str("thread_id"),
      str("user_id"),
      str("identity_group_id"),
      // "Can be a single value or an array of string" (explode: true).
      str("identity_id"),
      list("identity_id"),
      str("status", { enum: INTERVENTION_STATUSES }),
      str("sort", { enum: SORT_DATES }),
      ...PAGING,
    ],
    answer: "list",
  },
  {
    operationId: "closeIntervention",
    method: "PUT",
    path: "/interventions/{interventionId}/close",
    query: [],
    answer: "object",
  },
  {
    operationId: "cancelIntervention",
    method: "DELETE",
    path: "/interventions/{interventionId}/cancel",
    query: [],
    answer: "object",
  },
  {
    operationId: "updateIntervention",
    method: "PUT",
    path: "/interventions/{interventionId}",
    // spec: `custom_field_values[custom_field_key]`, the key being the custom field's key.
    query: [{ name: "custom_field_values[{key}]", kind: "hash" }],
    answer: "object",
  },
  // intervention comments (the agents' internal notes)
  {
    operationId: "createInterventionComment",
    method: "POST",
    path: "/intervention_comments",
    query: [
      str("body", { required: true }),
      str("intervention_id", { required: true }),
      str("user_id", { required: true }),
    ],
    answer: "object",
  },
  // custom fields
  {
    operationId: "getAllCustomFields",
    method: "GET",
    path: "/custom_fields",
    query: [...PAGING],
    answer: "list",
  },
  // identities
  {
    operationId: "getAllIdentities",
    method: "GET",
    path: "/identities",
    query: [
      str("community_id"),
      str("source_id"),
      str("identity_group_id"),
      str("identity_group_ids"),
      str("user_id"),
      str("sort", { enum: SORT_DATES }),
      str("foreign_id"),
      str("uuid"),
      ...PAGING,
    ],
    answer: "list",
  },
  {
    operationId: "updateIdentityGroup",
    method: "PUT",
    path: "/identity_groups/{identityGroupId}",
    query: [
      str("company"),
      // spec: `custom_field_values[custom_field_key]`, the key being the custom field's key.
      { name: "custom_field_values[{key}]", kind: "hash" },
      list("emails"),
      str("firstname"),
      str("gender", { enum: GENDERS }),
      list("home_phones"),
      str("lastname"),
      list("mobile_phones"),
      str("notes"),
      list("tag_ids"),
    ],
    answer: "object",
  },
  // configuration objects
  {
    operationId: "getAllCategories",
    method: "GET",
    path: "/categories",
    // `ids`: "given category ids (separated by commas)".
    query: [str("ids", { commaList: true }), str("parent_id"), ...PAGING],
    answer: "list",
  },
  {
    operationId: "getCategory",
    method: "GET",
    path: "/categories/{categoryId}",
    query: [],
    answer: "object",
  },
  {
    operationId: "getSource",
    method: "GET",
    path: "/content_sources/{sourceId}",
    query: [],
    answer: "object",
  },
  {
    operationId: "getAllUsers",
    method: "GET",
    path: "/users",
    query: [
      str("email"),
      str("category_id"),
      str("identity_id"),
      str("external_id"),
      str("role_id"),
      str("team_id"),
      ...PAGING,
    ],
    answer: "list",
  },
  { operationId: "getUser", method: "GET", path: "/users/{userId}", query: [], answer: "object" },
  {
    operationId: "getUserSourcesPermissions",
    method: "GET",
    path: "/users/{userId}/sources_permissions",
    query: [],
    // UserSourcesPermissions: source id → permission names.
    answer: "map",
  },
  // routing
  {
    operationId: "getAllAgentStatus",
    method: "GET",
    path: "/status",
    // No paging here: the answer is a plain array of connected agents.
    query: [list("source_ids"), list("category_ids"), list("team_ids"), list("spoken_languages")],
    answer: "array",
  },
  {
    operationId: "getAllTasks",
    method: "GET",
    path: "/tasks",
    query: [str("queue"), str("channel_id"), str("step"), ...PAGING],
    answer: "list",
  },
  // webhooks
  {
    operationId: "getAllWebhooks",
    method: "GET",
    path: "/webhooks",
    query: [ACCESS_TOKEN_REQUIRED, ...PAGING],
    answer: "list",
  },
  // admin writes (npm run setup-rce, src/setup)
  {
    operationId: "updateUserSourcesPermissions",
    method: "PUT",
    path: "/users/{userId}/sources_permissions",
    // spec: parameter `{source_x_id}`: the name is a source id, the value a comma-separated list.
    query: [{ name: "{sourceId}", kind: "string", commaList: true, described: SOURCE_PERMISSIONS }],
    answer: "map",
  },
  {
    operationId: "createCategory",
    method: "POST",
    path: "/categories",
    query: CATEGORY_FIELDS(["0", "1", "2", "3", "4", "5", "6"]),
    answer: "object",
  },
  {
    operationId: "updateSource",
    method: "PUT",
    path: "/content_sources/{sourceId}",
    query: [
      str("name"),
      bool("active"),
      str("channel_id"),
      int("color"),
      list("time_sheet_ids"),
      int("sla_response"),
      int("sla_threshold"),
      str("sla_filtering_categories_strategy", { enum: ["ignored_categories", "selected_categories"] }),
      list("sla_filtering_category_ids"),
      str("sla_expired_strategy", { enum: ["max", "half", "base"] }),
      str("attachments_security_level", { enum: ["strict", "relaxed", "permissive"] }),
      int("intervention_messages_boost"),
      int("transferred_tasks_boost"),
      bool("hidden_from_stats"),
      list("default_category_ids"),
      list("user_thread_default_category_ids"),
      // spec: `signatures` and `auto_response_triggers`, arrays of objects without further shape.
      list("signatures"),
      list("auto_response_triggers"),
      { name: "auto_response_trigger_enabled[first_message_from_user]", kind: "boolean" },
      { name: "auto_response_trigger_enabled[out_of_office_hours_message]", kind: "boolean" },
      { name: "auto_response_trigger_grace_periods[first_message_from_user]", kind: "integer" },
      { name: "auto_response_trigger_grace_periods[out_of_office_hours_message]", kind: "integer" },
      str("default_content_language"),
      bool("auto_detect_content_language"),
      // spec names the next three arrays without brackets; requests.md: multiple values take `[]`.
      list("content_languages"),
      bool("content_archiving"),
      int("content_archiving_period"),
      str("from_name"),
      int("default_task_priority"),
      bool("enable_android"),
      bool("enable_ios"),
      bool("enable_web"),
      str("imap_smtp_email"),
      list("imap_mailboxes_to_import"),
      str("imap_mailbox_used_for_sent_mail"),
      str("imap_address"),
      int("imap_port"),
      str("imap_username"),
      str("imap_password"),
      str("imap_oauth_refresh_token"),
      bool("imap_use_ssl_tls"),
      bool("imap_use_start_tls"),
      str("imap_authentication_type", { enum: MAIL_AUTH_TYPES }),
      str("imap_ssl_verify_mode", { enum: SSL_VERIFY_MODES }),
      str("smtp_address"),
      int("smtp_port"),
      str("smtp_username"),
      str("smtp_password"),
      str("smtp_oauth_refresh_token"),
      bool("smtp_use_ssl_tls"),
      bool("smtp_use_start_tls"),
      str("smtp_authentication_type", { enum: MAIL_AUTH_TYPES }),
      str("smtp_ssl_verify_mode", { enum: SSL_VERIFY_MODES }),
      str("smtp_helo_domain"),
      bool("threading_heuristics"),
      bool("common_ancestors_threading"),
      str("spam_assassin_level", { enum: ["disabled", "relaxed", "strict"] }),
      str("whitelisted_emails"),
      list("cc_blacklist"),
      bool("email_parser"),
      int("time_for_thread_inclusion"),
      bool("time_for_thread_inclusion_enabled"),
    ],
    answer: "object",
  },
  {
    operationId: "createWebhook",
    method: "POST",
    path: "/webhooks",
    query: WEBHOOK_FIELDS(true),
    answer: "object",
  },
  {
    operationId: "updateWebhook",
    method: "PUT",
    path: "/webhooks/{webhookId}",
    query: WEBHOOK_FIELDS(false),
    answer: "object",
  },
];

// ----- neighbours: in the spec, likely to be called soon, NOT called by the client today -----

/**
 * Exempt from the "every table entry has a client method" check (restContract.test.ts), but checked
 * like any other entry when a request does hit them (contract test and simulator hook). Move an entry
 * to RCE_USED_OPERATIONS once EngageRestApi calls it.
 */
export const RCE_NEIGHBOUR_OPERATIONS: readonly RceOperation[] = [
  // Called by EngageRestApi methods that nothing used (removed in the layout clean-up, issue #13).
  {
    operationId: "getAllContents",
    method: "GET",
    path: "/contents",
    query: [SEARCH, ...PAGING],
    answer: "list",
  },
  {
    operationId: "getIntervention",
    method: "GET",
    path: "/interventions/{interventionId}",
    query: [],
    answer: "object",
  },
  {
    operationId: "getIdentity",
    method: "GET",
    path: "/identities/{identityId}",
    query: [],
    answer: "object",
  },
  {
    operationId: "getIdentityGroup",
    method: "GET",
    path: "/identity_groups/{identityGroupId}",
    query: [],
    answer: "object",
  },
  { operationId: "getAllChannels", method: "GET", path: "/channels", query: [...PAGING], answer: "list" },
  // EngageRestApi.listSources called this until it was removed (it sent permission=reply, outside the enum).
  {
    operationId: "getAllSources",
    method: "GET",
    path: "/content_sources",
    query: [str("permission", { enum: SOURCE_LIST_PERMISSIONS }), bool("active"), ...PAGING],
    answer: "list",
  },
  {
    operationId: "updateCategory",
    method: "PUT",
    path: "/categories/{categoryId}",
    // updateCategory declares `color` without the enum createCategory gives.
    query: CATEGORY_FIELDS(undefined),
    answer: "object",
  },
  {
    operationId: "getWebhook",
    method: "GET",
    path: "/webhooks/{webhookId}",
    query: [ACCESS_TOKEN_REQUIRED],
    answer: "object",
  },
];

export const RCE_OPERATIONS: readonly RceOperation[] = [...RCE_USED_OPERATIONS, ...RCE_NEIGHBOUR_OPERATIONS];

// ----- matching -----

const PLACEHOLDER = /\{[^{}]+\}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
}

function templateRegExp(template: string, placeholder: string): RegExp {
  const parts = template.split(PLACEHOLDER).map(escapeRegExp);
  return new RegExp(`^${parts.join(placeholder)}$`);
}

const pathPatterns = new Map<RceOperation, RegExp>(
  RCE_OPERATIONS.map((op) => [op, templateRegExp(op.path, "[^/]+")]),
);

/** The table entries for a method and a path below /1.0 (without query); a sound table gives 0 or 1. */
export function findOperations(method: string, path: string): RceOperation[] {
  return RCE_OPERATIONS.filter((op) => op.method === method && pathPatterns.get(op)?.test(path));
}

const namePatterns = new Map<string, RegExp>();

function namePattern(name: string): RegExp {
  let re = namePatterns.get(name);
  if (!re) {
    // A free name or hash key: anything without brackets.
    re = templateRegExp(name, "[^\\[\\]]+");
    namePatterns.set(name, re);
  }
  return re;
}

/** The declared parameter for a wire name (exact names first, then `{…}` patterns), universal ones included. */
export function declaredParam(op: RceOperation, wireName: string): RceQueryParam | undefined {
  const all = [...op.query, ...UNIVERSAL_PARAMS];
  return (
    all.find((p) => p.name === wireName) ??
    all.find((p) => p.name.includes("{") && namePattern(p.name).test(wireName))
  );
}

// ----- checking one request's parameters -----

export type ProblemKind =
  | "unknown_name"
  | "enum"
  | "described"
  | "array_name"
  | "duplicate"
  | "type"
  | "range"
  | "required";

export interface ParamProblem {
  kind: ProblemKind;
  name: string;
  message: string;
}

export interface CheckOptions {
  /** The request carried `Authorization: Bearer …` (satisfies `auth` parameters). */
  bearer: boolean;
  /**
   * Accept `x` for a declared `x[]` and `x[]` for a declared `x` (the simulator's parsed params no longer
   * tell them apart, e.g. for JSON bodies). Off for the contract test, which sees the wire.
   */
  lenientBrackets?: boolean;
}

function valuesOf(param: RceQueryParam, raw: string): string[] {
  return param.commaList ? raw.split(",") : [raw];
}

/**
 * Checks wire-level (name, value) pairs against one operation: unknown names, values outside an enum,
 * array parameters without `[]`, single-valued ones repeated, integer/boolean syntax, limit/offset
 * range, missing required ones.
 */
export function checkParams(
  op: RceOperation,
  pairs: ReadonlyArray<readonly [string, string]>,
  options: CheckOptions,
): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const seen = new Set<RceQueryParam>();
  const seenNames = new Set<string>();
  const where = `${op.method} ${op.path} (${op.operationId})`;
  for (const [name, value] of pairs) {
    let param = declaredParam(op, name);
    if (!param && options.lenientBrackets) {
      param = name.endsWith("[]") ? declaredParam(op, name.slice(0, -2)) : declaredParam(op, `${name}[]`);
    }
    if (!param) {
      const bracketed = !name.endsWith("[]") && declaredParam(op, `${name}[]`);
      problems.push(
        bracketed
          ? {
              kind: "array_name",
              name,
              message: `${where}: the array parameter ${name} must be sent as ${name}[]`,
            }
          : { kind: "unknown_name", name, message: `${where}: the spec declares no parameter ${name}` },
      );
      continue;
    }
    if (seenNames.has(name) && param.kind !== "array") {
      problems.push({
        kind: "duplicate",
        name,
        message: `${where}: the single-valued ${name} is sent twice`,
      });
    }
    seen.add(param);
    seenNames.add(name);
    // An empty `x[]=` is RCE's "set to nothing" (requests.md encoding of an empty list).
    if (param.kind === "array" && value === "") continue;
    for (const item of valuesOf(param, value)) {
      if (param.enum && !param.enum.includes(item)) {
        problems.push({
          kind: "enum",
          name,
          message: `${where}: ${name}=${item} is outside the spec's enum ${param.enum.join(" | ")}`,
        });
      }
      if (param.described && !param.described.includes(item)) {
        problems.push({
          kind: "described",
          name,
          message: `${where}: ${name}=${item} is not among the values the spec's description lists (${param.described.join(" | ")})`,
        });
      }
      if (param.kind === "integer") {
        if (!/^-?\d+$/.test(item)) {
          problems.push({ kind: "type", name, message: `${where}: ${name}=${item} is not an integer` });
        } else if (
          (param.max !== undefined && Number(item) > param.max) ||
          (param.min !== undefined && Number(item) < param.min)
        ) {
          problems.push({
            kind: "range",
            name,
            message: `${where}: ${name}=${item} is outside ${param.min ?? "-∞"}..${param.max ?? "∞"}`,
          });
        }
      }
      if (param.kind === "boolean" && !/^(true|false)$/.test(item)) {
        problems.push({ kind: "type", name, message: `${where}: ${name}=${item} is not true|false` });
      }
    }
  }
  for (const param of op.query) {
    if (!param.required || seen.has(param)) continue;
    if (param.auth && options.bearer) continue;
    problems.push({
      kind: "required",
      name: param.name,
      message: `${where}: the required ${param.name} is missing`,
    });
  }
  return problems;
}
