/**
 * RCE REST API (https://<account>.api.<platform>/1.0): Bearer auth, query parameters as documented,
 * JSON answers validated before use.
 */

import type { Validator } from "../validation/validate";
import { type CallContext, type CallSpec, type ErrorHints, executeCall } from "./call";
import { EngageError } from "./errors";
import { buildQuery, type QueryParams, searchTerm } from "./query";
import type { EngageSchemaName } from "./schemas";
import type { EngageSettings } from "./settings";
import type {
  RceAgentStatus,
  RceCategory,
  RceCategoryCreate,
  RceCustomField,
  RceIdentity,
  RceIdentityGroup,
  RceIdentityGroupUpdate,
  RceIntervention,
  RceInterventionComment,
  RceList,
  RceSource,
  RceSourcesPermissions,
  RceTask,
  RceThread,
  RceUser,
  RceWebhook,
  RceWebhookFields,
} from "./types";
import { validatorFor } from "./validators";

/** RCE's documented maximum page size. */
export const MAX_PAGE_SIZE = 150;

export interface Page {
  offset?: number;
  limit?: number;
}

type Method = CallSpec["method"];

interface Endpoint<T> {
  operation: string;
  validate: Validator<T>;
  hints?: ErrorHints;
}

function endpoint<T>(operation: string, schema: EngageSchemaName, hints?: ErrorHints): Endpoint<T> {
  return { operation, validate: validatorFor<T>(schema), hints };
}

const NOT_FOUND_THREAD: ErrorHints = {
  not_found:
    "The thread does not exist, or the API Access Token's agent lacks 'read' on the SDK source (setup step 4): RCE answers 404 for both.",
};

const E = {
  listThreads: endpoint<RceList<RceThread>>("search content threads", "threadList"),
  getThread: endpoint<RceThread>("read the content thread", "thread", NOT_FOUND_THREAD),
  categorizeThread: endpoint<RceThread>("update the thread's categories", "thread", {
    ...NOT_FOUND_THREAD,
    validation:
      "Check Bot Category ID, Agent Category ID and any additional category ids: each must be an existing category id from RCE Admin > Categories (setup step 2).",
    conflict: "RCE was still applying an earlier category change to this thread; try again in a few seconds.",
  }),
  listInterventions: endpoint<RceList<RceIntervention>>("list interventions", "interventionList"),
  closeIntervention: endpoint<RceIntervention>("close the intervention", "intervention", {
    permission:
      "RCE closes an intervention only if it is still open (closing a closed one also answers 403), has at least one agent reply, and belongs to the API Access Token's agent (or that agent may close others' interventions).",
    conflict: "RCE is already closing this intervention.",
  }),
  cancelIntervention: endpoint<RceIntervention>("cancel the intervention", "intervention", {
    permission:
      "RCE cancels an intervention only if it is not closed and has no agent reply yet (spec: cancelIntervention).",
    conflict: "RCE is already cancelling this intervention.",
  }),
  listIdentities: endpoint<RceList<RceIdentity>>("search identities", "identityList"),
  updateIdentityGroup: endpoint<RceIdentityGroup>("update the identity group", "identityGroup", {
    conflict: "RCE is still applying an earlier update of this identity group; try again in a few seconds.",
    permission: "The API Access Token's agent may not edit customer profiles (identity groups).",
  }),
  listCategories: endpoint<RceList<RceCategory>>("list categories", "categoryList"),
  getCategory: endpoint<RceCategory>("read the category", "category", {
    not_found:
      "No category has this id: copy it from RCE Admin > Categories, …/admin/categories/<CATEGORY_ID>/edit (setup step 2).",
  }),
  getSource: endpoint<RceSource>("read the SDK source", "source", {
    not_found:
      "The source id from the Realtime Endpoint URL is unknown, or the API Access Token's agent cannot read it (setup steps 3 and 4).",
  }),
  getSourcesPermissions: endpoint<RceSourcesPermissions>(
    "read the agent's permissions on sources",
    "sourcesPermissions",
    {
      permission:
        "Reading an agent's source permissions needs an API Access Token whose agent may view users.",
    },
  ),
  getUser: endpoint<RceUser>("read the agent", "user"),
  listUsers: endpoint<RceList<RceUser>>("list agents", "userList"),
  listCustomFields: endpoint<RceList<RceCustomField>>("list the custom fields", "customFieldList", {
    permission:
      "Reading custom fields (GET /custom_fields) needs an API Access Token whose agent may see custom fields in RCE's administration.",
  }),
  updateInterventionCustomFields: endpoint<RceIntervention>(
    "set the intervention's custom fields",
    "intervention",
    {
      validation:
        "RCE refused a custom field value: check each key against RCE Admin > Custom fields (fields of interventions) and its allowed values.",
    },
  ),
  createInterventionComment: endpoint<RceInterventionComment>(
    "post the note on the intervention",
    "interventionComment",
    {
      not_found:
        "RCE answers 404 when the API Access Token's agent lacks 'read' on the intervention's source (setup step 4).",
    },
  ),
  getAgentStatuses: endpoint<RceAgentStatus[]>("read agent availability", "agentStatusArray", {
    permission:
      "Reading agent availability (GET /status) needs an API Access Token whose agent may 'monitor the task view'.",
  }),
  listTasks: endpoint<RceList<RceTask>>("list routing tasks", "taskList", {
    permission: "Reading routing tasks needs an API Access Token whose agent may monitor tasks.",
  }),
  listWebhooks: endpoint<RceList<RceWebhook>>("list webhooks", "webhookList"),
  // Admin writes (npm run setup-rce).
  createCategory: endpoint<RceCategory>("create the category", "category", {
    permission: "Creating categories needs an API Access Token whose agent may manage categories.",
    validation:
      "RCE refused the category: its name may already be taken by another category (Admin > Categories), or the parent no longer exists.",
  }),
  updateSource: endpoint<RceSource>("update the SDK source", "source", {
    permission: "Changing a source needs an API Access Token whose agent may manage sources.",
    not_found:
      "The source id from the Realtime Endpoint URL is unknown, or the API Access Token's agent cannot read it (setup steps 3 and 4).",
  }),
  updateSourcesPermissions: endpoint<RceSourcesPermissions>(
    "change the agent's permissions on sources",
    "sourcesPermissions",
    {
      permission:
        "Changing an agent's source permissions needs an API Access Token whose agent may view and edit users.",
      not_found: "No agent has this id: copy it from RCE Admin > Agents.",
    },
  ),
  createWebhook: endpoint<RceWebhook>("create the webhook", "webhook", {
    permission:
      "Creating a webhook needs an API access token of the agent's own (or an agent that may manage API access tokens).",
    validation:
      "RCE refused the webhook: the URL may already be used by another webhook of this API access token, or a value is invalid.",
  }),
  updateWebhook: endpoint<RceWebhook>("update the webhook", "webhook", {
    permission:
      "Changing a webhook needs the API access token it belongs to, or an agent that may manage API access tokens.",
    not_found: "The webhook no longer exists, or belongs to an API access token this one may not see.",
  }),
};

function pathId(id: string, what: string): string {
  if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
    throw new EngageError("validation", `Invalid ${what} id: RCE ids are letters and digits.`);
  }
  return id;
}

function page(p: Page | undefined): QueryParams {
  return {
    offset: p?.offset,
    limit: p?.limit === undefined ? undefined : Math.min(Math.max(1, Math.floor(p.limit)), MAX_PAGE_SIZE),
  };
}

function webhookQuery(fields: RceWebhookFields): QueryParams {
  return {
    url: fields.url,
    name: fields.name,
    active: fields.active,
    verify_token: fields.verify_token,
    secret: fields.secret,
    registered_events: fields.registered_events,
  };
}

export class EngageRestApi {
  constructor(
    private readonly settings: EngageSettings,
    private readonly context: () => CallContext,
  ) {}

  private async call<T>(
    ep: Endpoint<T>,
    method: Method,
    path: string,
    query: QueryParams = {},
    safety: { idempotent: boolean; retryOnConflict?: boolean } = { idempotent: method === "GET" },
  ): Promise<T> {
    const ctx = this.context();
    const qs = buildQuery(query);
    const spec: CallSpec = {
      operation: ep.operation,
      method,
      url: `${this.settings.baseApiUrl}${path}${qs ? `?${qs}` : ""}`,
      headers: { authorization: `Bearer ${this.settings.apiAccessToken}`, accept: "application/json" },
      hints: ep.hints,
      ...safety,
    };
    const response = await executeCall(spec, ctx);
    let data: unknown;
    try {
      data = JSON.parse(response.body);
    } catch {
      throw new EngageError(
        "bad_response",
        ctx.redact(
          `RCE could not ${ep.operation}: the answer (${response.status}) is not JSON${/^\s*</.test(response.body) ? " but an HTML page" : ""}. Check that Base API URL is the API host (<account>.api.engagement.dimelo.com), not the agent address.`,
        ),
        { operation: ep.operation, status: response.status },
      );
    }
    const result = ep.validate(data);
    if (!result.ok) {
      throw new EngageError(
        "bad_response",
        ctx.redact(
          `RCE could not ${ep.operation}: the answer does not have the documented shape (${result.problems.slice(0, 3).join("; ")}). Check that Base API URL is the RCE API host (<account>.api.engagement.dimelo.com); if it is, RCE's answer changed: report it with this message.`,
        ),
        { operation: ep.operation, status: response.status },
      );
    }
    return result.value;
  }

  // ----- threads -----

  /**
   * The SDK source's thread whose foreign_id is `foreignId` (the thread_id we sent through the Send
   * API), or undefined while RCE has not imported it. The docs name the search keyword `foreign:`; a
   * public adapter uses `foreign_id:`. When an answer holds other threads but not ours, RCE ignored
   * the keyword: the other one is asked at once, and remembered for this client's later searches.
   */
  async findThread(foreignId: string): Promise<{ thread?: RceThread; searches: number }> {
    let searches = 0;
    for (const keyword of this.searchKeywords()) {
      const q = [searchTerm("source", this.settings.sourceId), searchTerm(keyword, foreignId)].join(" ");
      const found = await this.call(E.listThreads, "GET", "/content_threads", { q, limit: 20 });
      searches++;
      const thread =
        found.records.find((t) => t.foreign_id === foreignId) ??
        // An answer without foreign_id (optional in the spec) that holds one thread: the search's match.
        (found.records.length === 1 && !found.records[0].foreign_id ? found.records[0] : undefined);
      if (thread) return { thread, searches };
      if (found.records.length === 0) return { searches };
      this.ignoredKeywords.add(keyword);
    }
    return { searches };
  }

  private readonly ignoredKeywords = new Set<"foreign" | "foreign_id">();

  private searchKeywords(): ("foreign" | "foreign_id")[] {
    const all = ["foreign", "foreign_id"] as const;
    const honoured = all.filter((k) => !this.ignoredKeywords.has(k));
    return honoured.length > 0 ? honoured : [...all];
  }

  async getThread(threadId: string): Promise<RceThread> {
    return this.call(E.getThread, "GET", `/content_threads/${pathId(threadId, "thread")}`);
  }

  /** Replaces the thread's whole category set. Safe to repeat; a 409 (categorisation running) is retried. */
  async updateThreadCategories(threadId: string, categoryIds: readonly string[]): Promise<RceThread> {
    return this.call(
      E.categorizeThread,
      "PUT",
      `/content_threads/${pathId(threadId, "thread")}/update_categories`,
      { thread_category_ids: [...new Set(categoryIds)] },
      { idempotent: true, retryOnConflict: true },
    );
  }

  // ----- interventions -----

  async listInterventions(
    filter: {
      thread_id?: string;
      identity_id?: string;
      user_id?: string;
      status?: "active" | "closed" | "deferred" | "opened" | "reopened";
    },
    p?: Page,
  ): Promise<RceList<RceIntervention>> {
    return this.call(E.listInterventions, "GET", "/interventions", { ...filter, ...page(p) });
  }

  /** PUT /interventions/{id} with custom_field_values[key]: a repeat sets the same values. */
  async updateInterventionCustomFields(
    interventionId: string,
    values: Readonly<Record<string, string>>,
  ): Promise<RceIntervention> {
    return this.call(
      E.updateInterventionCustomFields,
      "PUT",
      `/interventions/${pathId(interventionId, "intervention")}`,
      { custom_field_values: values },
      { idempotent: true },
    );
  }

  /** POST /intervention_comments: an internal note agents see, never the customer. Not idempotent. */
  async createInterventionComment(fields: {
    intervention_id: string;
    user_id: string;
    body: string;
  }): Promise<RceInterventionComment> {
    return this.call(
      E.createInterventionComment,
      "POST",
      "/intervention_comments",
      { ...fields },
      {
        idempotent: false,
      },
    );
  }

  async listCustomFields(p?: Page): Promise<RceList<RceCustomField>> {
    return this.call(E.listCustomFields, "GET", "/custom_fields", page(p));
  }

  /**
   * A retry cannot duplicate anything, but if a lost attempt did close it, the retry gets 403 (RCE
   * refuses to close a closed intervention): callers read the intervention again on 403.
   */
  async closeIntervention(interventionId: string): Promise<RceIntervention> {
    return this.call(
      E.closeIntervention,
      "PUT",
      `/interventions/${pathId(interventionId, "intervention")}/close`,
      {},
      { idempotent: true },
    );
  }

  /**
   * DELETE /interventions/{id}/cancel: destroys an intervention that is not closed and has no agent
   * reply (403 otherwise; 404 without read on its source). A retry after a lost attempt that did
   * cancel it meets 404: callers read the thread's interventions again.
   */
  async cancelIntervention(interventionId: string): Promise<RceIntervention> {
    return this.call(
      E.cancelIntervention,
      "DELETE",
      `/interventions/${pathId(interventionId, "intervention")}/cancel`,
      {},
      { idempotent: true },
    );
  }

  // ----- identities -----

  async findIdentitiesByForeignId(foreignId: string): Promise<RceList<RceIdentity>> {
    return this.call(E.listIdentities, "GET", "/identities", {
      foreign_id: foreignId,
      source_id: this.settings.sourceId,
      limit: 5,
    });
  }

  /** Sets the given fields (a full replacement of each): safe to repeat, a 409 is retried. */
  async updateIdentityGroup(groupId: string, fields: RceIdentityGroupUpdate): Promise<RceIdentityGroup> {
    return this.call(
      E.updateIdentityGroup,
      "PUT",
      `/identity_groups/${pathId(groupId, "identity group")}`,
      { ...fields },
      {
        idempotent: true,
        retryOnConflict: true,
      },
    );
  }

  // ----- configuration objects -----

  async getCategory(categoryId: string): Promise<RceCategory> {
    return this.call(E.getCategory, "GET", `/categories/${pathId(categoryId, "category")}`);
  }

  async listCategories(
    filter: { ids?: readonly string[]; parent_id?: string },
    p?: Page,
  ): Promise<RceList<RceCategory>> {
    return this.call(E.listCategories, "GET", "/categories", {
      ids: filter.ids?.join(","),
      parent_id: filter.parent_id,
      ...page(p),
    });
  }

  async getSource(sourceId: string = this.settings.sourceId): Promise<RceSource> {
    return this.call(E.getSource, "GET", `/content_sources/${pathId(sourceId, "source")}`);
  }

  /** The agent's permissions on every source (read, reply, …), by source id. */
  async getSourcesPermissions(userId: string): Promise<RceSourcesPermissions> {
    return this.call(E.getSourcesPermissions, "GET", `/users/${pathId(userId, "agent")}/sources_permissions`);
  }

  async getUser(userId: string): Promise<RceUser> {
    return this.call(E.getUser, "GET", `/users/${pathId(userId, "agent")}`);
  }

  async listUsers(
    filter: { category_id?: string; identity_id?: string },
    p?: Page,
  ): Promise<RceList<RceUser>> {
    return this.call(E.listUsers, "GET", "/users", { ...filter, ...page(p) });
  }

  /** Connected agents only; filters narrow to agents with reply permission on sources / holding categories. */
  async getAgentStatuses(
    filter: {
      source_ids?: readonly string[];
      category_ids?: readonly string[];
      /** Locales the agents speak (any of them). */
      spoken_languages?: readonly string[];
    } = {},
  ): Promise<RceAgentStatus[]> {
    return this.call(E.getAgentStatuses, "GET", "/status", { ...filter });
  }

  async listTasks(filter: { queue?: string; channel_id?: string }, p?: Page): Promise<RceList<RceTask>> {
    return this.call(E.listTasks, "GET", "/tasks", { ...filter, ...page(p) });
  }

  async listWebhooks(p?: Page): Promise<RceList<RceWebhook>> {
    return this.call(E.listWebhooks, "GET", "/webhooks", page(p));
  }

  // ----- admin writes (setup) -----

  /**
   * POST /categories. Not repeated after an ambiguous failure (connection reset, timeout, 502-504):
   * RCE may have created it, and a second one would be a duplicate. Callers list the categories again.
   */
  async createCategory(fields: RceCategoryCreate): Promise<RceCategory> {
    return this.call(E.createCategory, "POST", "/categories", {
      name: fields.name,
      parent_id: fields.parent_id === undefined ? undefined : pathId(fields.parent_id, "category"),
    });
  }

  /** PUT /content_sources/{id} with default_category_ids[] only (every other setting untouched); safe to repeat. */
  async updateSourceDefaultCategories(
    categoryIds: readonly string[],
    sourceId: string = this.settings.sourceId,
  ): Promise<RceSource> {
    return this.call(
      E.updateSource,
      "PUT",
      `/content_sources/${pathId(sourceId, "source")}`,
      { default_category_ids: [...new Set(categoryIds)] },
      { idempotent: true },
    );
  }

  /**
   * PUT /users/{id}/sources_permissions: each source named is given exactly the permissions listed
   * (a full replacement for that source: merge with the agent's current ones first); sources not
   * named are untouched. Safe to repeat.
   */
  async updateSourcesPermissions(
    userId: string,
    permissions: Readonly<Record<string, readonly string[]>>,
  ): Promise<RceSourcesPermissions> {
    const query: Record<string, string> = {};
    for (const [sourceId, names] of Object.entries(permissions)) {
      // An empty value would take every permission on the source away: never sent from here.
      if (names.length === 0) {
        throw new EngageError("validation", `No permission given for source ${sourceId}: nothing to set.`);
      }
      query[pathId(sourceId, "source")] = [...new Set(names)].join(",");
    }
    return this.call(
      E.updateSourcesPermissions,
      "PUT",
      `/users/${pathId(userId, "agent")}/sources_permissions`,
      query,
      { idempotent: true },
    );
  }

  /** POST /webhooks (RCE then verifies the URL). Not repeated after an ambiguous failure: list again. */
  async createWebhook(
    fields: RceWebhookFields & Required<Pick<RceWebhookFields, "url" | "registered_events">>,
  ): Promise<RceWebhook> {
    return this.call(E.createWebhook, "POST", "/webhooks", webhookQuery(fields));
  }

  /** PUT /webhooks/{id}: sets the fields given, leaves the others; safe to repeat. */
  async updateWebhook(webhookId: string, fields: RceWebhookFields): Promise<RceWebhook> {
    return this.call(
      E.updateWebhook,
      "PUT",
      `/webhooks/${pathId(webhookId, "webhook")}`,
      webhookQuery(fields),
      { idempotent: true },
    );
  }

  /**
   * Follows offset/limit paging until every record is read or `maxRecords` is reached. Each page is
   * one request, all within the same time budget.
   */
  async collect<T>(fetchPage: (p: Page) => Promise<RceList<T>>, maxRecords = 600): Promise<T[]> {
    const records: T[] = [];
    let offset = 0;
    while (records.length < maxRecords) {
      const limit = Math.min(MAX_PAGE_SIZE, maxRecords - records.length);
      const result = await fetchPage({ offset, limit });
      records.push(...result.records);
      offset += result.records.length;
      if (result.records.length === 0) break;
      if (typeof result.count === "number" ? offset >= result.count : result.records.length < limit) break;
    }
    return records;
  }
}
