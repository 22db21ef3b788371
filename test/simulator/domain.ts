/**
 * Behaviour of the simulated domain shared by the REST API, the Send API and the test helpers:
 * asynchronous Source SDK imports, agent engagement / replies / closing, and the events that feed
 * webhook deliveries. Mutations go through the store so derived fields stay consistent.
 */

import { type RestError, sleep } from "./http";
import { newId, nowIso } from "./ids";
import { declaresAction, KNOWN_OBJECTS } from "./implementation";
import {
  buildWebhookPayload,
  postWebhook,
  type SdkPushOptions,
  sdkPush,
  verifyWebhookEndpoint,
  type WebhookPostOptions,
} from "./pushes";
import type { SimStore, SimulatorDefaults } from "./store";
import type {
  PushLogEntry,
  PushResult,
  SimAttachment,
  SimContent,
  SimIdentity,
  SimIntervention,
  SimSource,
  SimTask,
  SimThread,
  WebhookDeliveryResult,
  WebhookEventInput,
  WebhookVerificationResult,
} from "./types";

/** Runtime-tunable behaviour; every field can be changed on `sim.settings` while the server runs. */
export interface SimulatorSettings {
  /** Delay between a Send API "ok" and the import becoming visible over REST. */
  importDelayMs: number;
  /** How long a thread categorization runs; concurrent update_categories calls get 409 meanwhile. */
  categorizationMs: number;
  /** How long closing an intervention runs; concurrent close calls get 409 meanwhile. */
  interventionClosingMs: number;
  /** How long cancelling an intervention runs; concurrent cancel calls get 409 meanwhile. */
  interventionCancelingMs: number;
  /** How long PUT /identity_groups/{id} runs; concurrent updates get 409 meanwhile. */
  identityGroupUpdateMs: number;
  /** Latency added to every request (ms). */
  latencyMs: number;
  /** typing.start is limited to one per thread per window (2 s documented); typing.stop resets it. */
  typingWindowMs: number;
  /** context_data keys not matching [a-zA-Z-]: reject the request (422) or drop the key. UNCONFIRMED. */
  contextDataKeys: "reject" | "drop";
  /** Create an identity group for every imported identity ("always") or leave it null ("never"). */
  identityGroupOnImport: "always" | "never";
  /** Thread search keywords for the foreign id that RCE honours; others are ignored like any unknown keyword. UNCONFIRMED. */
  foreignSearchKeywords: ("foreign" | "foreign_id")[];
  /** A customer message on a thread whose last intervention is closed reopens it. */
  reopenOnCustomerMessage: boolean;
  /** Deliver events (intervention.closed, ...) to the registered webhook automatically. */
  autoDeliverWebhooks: boolean;
  /** Attempts for agent-reply pushes to the Base URI (RCE documents 3 for create actions). */
  sdkPushAttempts: number;
  /** Status for a missing/unknown REST token (the reference says 401; some doc pages say 403). */
  authErrorStatus: 401 | 403;
  /** `domain_id` of webhook payloads. */
  domainId: string | number;
  /** Timeout of requests the simulator sends (Base URI pushes, webhooks). */
  pushTimeoutMs: number;
  /**
   * How implementation.info must declare threads next to messages (the docs disagree, see README):
   * "messages-only" refuses `threads` next to `messages` under `view.messaging`; "threads-required"
   * refuses `messages` without `threads` unless `messages.unthreaded`.
   */
  threadsDeclaration: "messages-only" | "threads-required";
  /** Accept the flat `objects: ["messages.create", ...]` list of request-response.md's PHP example. */
  acceptFlatObjects: boolean;
  /** No push other than implementation.info is sent while the source has no accepted answer. */
  requireImplementationInfo: boolean;
  /** Refuse an agent-reply answer that is only `{"id"}` (quick-start "Standard Polling Query" allows it). */
  requireAnswerBody: boolean;
  /** Type of `resource.id` in webhook events: events.md's table says Integer, its example a string. */
  webhookResourceIdType: "string" | "integer";
  /** SDK users (users.create, message authors) need `updated_at` (objects.md table) or not (its examples). */
  userUpdatedAtRequired: boolean;
  /** Drop every field the spec's schema does not list as required from REST answers. */
  sparseAnswers: boolean;
  /** With sparseAnswers: only these schemas (e.g. ["Thread", "Intervention"]); null = all. */
  sparseSchemas: string[] | null;
}

export const DEFAULT_SETTINGS: SimulatorSettings = {
  importDelayMs: 5,
  categorizationMs: 0,
  interventionClosingMs: 0,
  interventionCancelingMs: 0,
  identityGroupUpdateMs: 0,
  latencyMs: 0,
  typingWindowMs: 2000,
  contextDataKeys: "reject",
  identityGroupOnImport: "always",
  foreignSearchKeywords: ["foreign", "foreign_id"],
  reopenOnCustomerMessage: true,
  autoDeliverWebhooks: true,
  sdkPushAttempts: 3,
  authErrorStatus: 401,
  domainId: "5f0c1a2b3c4d5e6f708192a3",
  pushTimeoutMs: 10_000,
  threadsDeclaration: "messages-only",
  acceptFlatObjects: true,
  requireImplementationInfo: true,
  requireAnswerBody: false,
  webhookResourceIdType: "string",
  userUpdatedAtRequired: true,
  sparseAnswers: false,
  sparseSchemas: null,
};

/** A helper was asked to make RCE send something real RCE would not send; the message says why. */
export class SimulatorRefusal extends Error {
  constructor(message: string) {
    super(`simulator: ${message}`);
    this.name = "SimulatorRefusal";
  }
}

/** A users.create accepted by the Send API (message authors are not listed here). */
export interface SdkUserRecord {
  sourceId: string;
  /** The SDK user id (the identity's foreign_id). */
  foreignId: string;
  puppetizable: boolean;
  /** The identity created or updated at import; null until imported. */
  identityId: string | null;
  params: Record<string, unknown>;
  time: string;
}

export type SdkParams = Record<string, unknown>;

export interface IgnoredImport {
  sourceId: string;
  action: string;
  foreignId: string;
  reason: string;
  time: string;
}

export interface TypingEvent {
  sourceId: string;
  action: "typing.start" | "typing.stop";
  threadForeignId: string | null;
  inReplyToId: string | null;
  preview: string | null;
  time: string;
}

export interface ReadReceipt {
  sourceId: string;
  foreignId: string;
  contentId: string | null;
  time: string;
}

export interface AgentReplyOptions {
  /** Agent (user) replying; default the open intervention's agent, else the second seeded agent. */
  agentId?: string;
  /** Identity the reply is authored by; default a controlled identity assigned to the agent. */
  authorIdentityId?: string;
  format?: "text" | "html";
  attachments?: { url: string; type?: string; filename?: string }[];
  /**
   * The agent's structured message (select, template, carousel, rich link). RCE offers it only on a
   * source that declares view.messaging (structured-messages.md), attachments only with
   * messages.attachments (options.md): otherwise agentReplies refuses, as RCE's composer would.
   */
  structuredContent?: Record<string, unknown>;
  /** Set false to record the reply without pushing it to the Base URI. */
  push?: boolean;
  /** Content (RCE id) the reply answers; default the thread's latest customer content. */
  inReplyToId?: string;
  /** created_from of the content ("interface" for the agent UI, "api" for POST /contents). */
  createdFrom?: string;
  /** Private reply (pushed as private_messages.create). */
  privateMessage?: boolean;
}

export interface RecordedReply {
  content: SimContent;
  thread: SimThread;
  source: SimSource;
  author: SimIdentity;
  agentId: string;
  inReplyTo: SimContent | null;
}

export interface AgentReplyResult {
  content: SimContent;
  /** The last push attempt, or null when no Base URI is configured / push disabled. */
  push: PushResult | null;
  attempts: number;
  /** Form of the accepted answer: `{"id", "body"}` or only `{"id"}`; null when none was accepted. */
  answerForm: "id+body" | "id" | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function nonEmpty(value: unknown): string | undefined {
  const s = str(value);
  return s === undefined || s.trim() === "" ? undefined : s;
}

function isoOrNow(value: unknown): string {
  const s = str(value);
  if (s && /^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  return nowIso();
}

export const CONTEXT_KEY_RE = /^[a-zA-Z-]+$/;

/** `{"id": "…", "body": …}` or `{"id": "…"}` (2xx, string id), else null. */
export function answerFormOf(res: PushResult): "id+body" | "id" | null {
  if (res.status < 200 || res.status >= 300) return null;
  const json = res.json;
  if (!json || typeof json !== "object" || Array.isArray(json)) return null;
  const record = json as Record<string, unknown>;
  if (typeof record.id !== "string" || record.id === "" || record.error !== undefined) return null;
  return typeof record.body === "string" ? "id+body" : "id";
}

/** context_data values are strings or arrays of strings; scalars are stringified, others dropped. */
export function normaliseContextData(
  raw: unknown,
  dropInvalidKeys: boolean,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [key, value] of Object.entries(raw)) {
    if (!CONTEXT_KEY_RE.test(key) && dropInvalidKeys) continue;
    const s = str(value) ?? (typeof value === "boolean" ? String(value) : undefined);
    if (s !== undefined) out[key] = s;
    else if (Array.isArray(value)) out[key] = value.map((v) => str(v) ?? String(v));
  }
  return out;
}

const EXTENSION_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  mp3: "audio/mpeg",
  mp4: "video/mp4",
};

export class SimDomain {
  readonly locks = new Set<string>();
  readonly pendingImports = new Set<Promise<void>>();
  readonly pendingDeliveries = new Set<Promise<unknown>>();
  readonly pushLog: PushLogEntry[] = [];
  readonly webhookDeliveries: WebhookDeliveryResult[] = [];
  readonly ignoredImports: IgnoredImport[] = [];
  readonly typingEvents: TypingEvent[] = [];
  readonly readReceipts: ReadReceipt[] = [];
  readonly sdkUsers: SdkUserRecord[] = [];
  /** RCE id -> integer alias used as webhook resource.id when webhookResourceIdType is "integer". */
  readonly integerIds = new Map<string, number>();
  /** "<sourceId>|<thread key>" -> time of the last accepted typing.start. */
  readonly typingClock = new Map<string, number>();

  constructor(
    readonly store: SimStore,
    readonly settings: SimulatorSettings,
    readonly defaults: SimulatorDefaults,
  ) {}

  // ---------- helpers ----------

  /** Runs `fn` holding `key` for at least `ms`; a second caller meanwhile gets `conflict`. */
  async withLock<T>(key: string, ms: number, conflict: RestError, fn: () => T): Promise<T> {
    if (this.locks.has(key)) throw conflict;
    this.locks.add(key);
    try {
      await sleep(ms);
      return fn();
    } finally {
      this.locks.delete(key);
    }
  }

  private track(set: Set<Promise<unknown>>, promise: Promise<unknown>): void {
    const wrapped = promise.then(
      () => undefined,
      () => undefined,
    );
    set.add(wrapped);
    void wrapped.then(() => set.delete(wrapped));
  }

  async waitForImports(): Promise<void> {
    while (this.pendingImports.size > 0) await Promise.all([...this.pendingImports]);
  }

  async waitForDeliveries(): Promise<void> {
    while (this.pendingDeliveries.size > 0) await Promise.all([...this.pendingDeliveries]);
  }

  requireSource(sourceId: string = this.defaults.sourceId): SimSource {
    const source = this.store.sources.get(sourceId);
    if (!source) throw new Error(`simulator: unknown source ${sourceId}`);
    return source;
  }

  requireThread(threadId: string): SimThread {
    const thread = this.store.threads.get(threadId);
    if (!thread) throw new Error(`simulator: unknown thread ${threadId}`);
    return thread;
  }

  // ---------- Source SDK imports ----------

  /** Schedules the asynchronous import of an accepted Send API request. */
  scheduleImport(sourceId: string, action: string, params: SdkParams): void {
    const delay = this.settings.importDelayMs;
    const job = sleep(delay).then(() => this.runImport(sourceId, action, params));
    this.track(this.pendingImports, job);
  }

  runImport(sourceId: string, action: string, params: SdkParams): void {
    switch (action) {
      case "messages.create":
        this.importMessage(sourceId, params, false);
        break;
      case "private_messages.create":
        this.importMessage(sourceId, params, true);
        break;
      case "threads.create":
        this.importThread(sourceId, params);
        break;
      case "users.create": {
        const identity = this.upsertIdentity(this.requireSource(sourceId), params);
        const record = this.sdkUsers.find((u) => u.params === params);
        if (record) record.identityId = identity.id;
        break;
      }
      case "status.mark_as_read":
        this.markAsRead(sourceId, params);
        break;
      default:
        break;
    }
  }

  /** Creates or updates the identity whose foreign_id is the SDK user id. */
  upsertIdentity(source: SimSource, user: SdkParams): SimIdentity {
    const foreignId = str(user.id) ?? "";
    const store = this.store;
    let identity = store.findIdentityByForeignId(source.community_id, foreignId);
    const contextData = normaliseContextData(user.context_data, true);
    const gender = user.gender === "man" || user.gender === "woman" ? user.gender : undefined;
    if (!identity) {
      identity = store.createIdentity(
        { community_id: source.community_id, foreign_id: foreignId },
        { puppetizable: user.puppetizable === true },
      );
    }
    const set = (
      field: "screenname" | "firstname" | "lastname" | "email" | "home_phone" | "mobile_phone" | "avatar_url",
      value: unknown,
    ) => {
      const v = nonEmpty(value);
      if (v !== undefined && identity) identity[field] = v;
    };
    set("screenname", user.screenname);
    set("firstname", user.firstname);
    set("lastname", user.lastname);
    set("email", user.email);
    set("home_phone", user.home_phone);
    set("mobile_phone", user.mobile_phone);
    set("avatar_url", user.avatar_url);
    if (gender) identity.gender = gender;
    identity.display_name =
      identity.screenname ?? ([identity.firstname, identity.lastname].filter(Boolean).join(" ") || null);
    identity.extra_values = { ...identity.extra_values, ...contextData };
    identity.updated_at = nowIso();
    const meta = store.identityMeta.get(identity.id);
    if (meta && typeof user.puppetizable === "boolean") meta.puppetizable = user.puppetizable;

    if (this.settings.identityGroupOnImport === "always" || identity.identity_group_id) {
      const group = identity.identity_group_id
        ? store.identityGroups.get(identity.identity_group_id)
        : store.attachIdentityToGroup(identity.id);
      if (group) {
        group.firstname ??= identity.firstname;
        group.lastname ??= identity.lastname;
        group.gender ??= identity.gender;
        group.avatar_url ??= identity.avatar_url;
        if (identity.email && !group.emails.includes(identity.email)) group.emails.push(identity.email);
        if (identity.home_phone && !group.home_phones.includes(identity.home_phone)) {
          group.home_phones.push(identity.home_phone);
        }
        if (identity.mobile_phone && !group.mobile_phones.includes(identity.mobile_phone)) {
          group.mobile_phones.push(identity.mobile_phone);
        }
        group.custom_field_values = { ...group.custom_field_values, ...contextData };
        group.updated_at = nowIso();
      }
    }
    return identity;
  }

  private attachments(raw: unknown): SimAttachment[] {
    if (!Array.isArray(raw)) return [];
    const now = nowIso();
    return raw
      .filter((a): a is Record<string, unknown> => !!a && typeof a === "object")
      .map((a) => {
        const url = str(a.url) ?? null;
        const filename =
          str(a.filename) ??
          (url ? decodeURIComponent(new URL(url, "http://x").pathname.split("/").pop() ?? "") : null);
        const ext = filename?.split(".").pop()?.toLowerCase() ?? "";
        const size = typeof a.content === "string" ? Buffer.from(a.content, "base64").length : null;
        return {
          id: newId(),
          content_type: EXTENSION_TYPES[ext] ?? "application/octet-stream",
          filename: filename || null,
          size,
          url,
          foreign_id: null,
          embed: false,
          created_at: now,
          updated_at: now,
        };
      });
  }

  private ignore(sourceId: string, action: string, foreignId: string, reason: string): void {
    this.ignoredImports.push({ sourceId, action, foreignId, reason, time: nowIso() });
  }

  /** The thread a customer message lands in (created with the source's default categories). */
  private threadFor(source: SimSource, foreignId: string, title: unknown): SimThread {
    const existing = this.store.findThreadByForeignId(source.id, foreignId);
    if (existing) return existing;
    return this.store.createThread({
      source_id: source.id,
      foreign_id: foreignId,
      title: nonEmpty(title) ?? null,
      thread_category_ids: [...source.default_category_ids],
    });
  }

  importMessage(sourceId: string, params: SdkParams, privateMessage: boolean): SimContent | undefined {
    const source = this.requireSource(sourceId);
    const action = privateMessage ? "private_messages.create" : "messages.create";
    const foreignId = str(params.id) ?? "";
    // Dedupe by message id per source. Real RCE's behaviour for a repeated id is UNCONFIRMED; the
    // docs say "User with the same ID will be considered to be the same identity" for users only.
    if (this.store.findContentByForeignId(source.id, foreignId)) {
      this.ignore(source.id, action, foreignId, "duplicate message id");
      return undefined;
    }
    const author = this.upsertIdentity(source, (params.author ?? {}) as SdkParams);
    const inReplyTo = nonEmpty(params.in_reply_to_id)
      ? this.store.findContentByForeignId(source.id, str(params.in_reply_to_id) ?? "")
      : undefined;
    let threadForeignId = privateMessage ? undefined : nonEmpty(params.thread_id);
    if (threadForeignId === undefined) {
      const parentThread = inReplyTo ? this.store.threads.get(inReplyTo.thread_id) : undefined;
      threadForeignId = parentThread?.foreign_id ?? foreignId;
    }
    const thread = this.threadFor(source, threadForeignId, params.title);
    const puppet = this.store.identityMeta.get(author.id)?.puppetizable ?? false;
    let intervention = this.store.openIntervention(thread.id);
    if (!intervention && !puppet && this.settings.reopenOnCustomerMessage) {
      const last = this.store.threadInterventions(thread.id).pop();
      if (last?.closed) {
        last.closed = false;
        last.closed_at = null;
        last.status = "Reopened";
        last.updated_at = nowIso();
        intervention = last;
        this.emit([this.interventionEvent("intervention.reopened", last, null)]);
      }
    }
    const format = params.format === "text" ? "text" : "html";
    const contextData = normaliseContextData(params.context_data, true);
    const categories = Array.isArray(params.categories) ? params.categories.map((c) => String(c)) : undefined;
    const content = this.store.createContent({
      thread_id: thread.id,
      foreign_id: foreignId,
      type: privateMessage ? "private_message" : "message",
      private_message: privateMessage,
      author_id: author.id,
      body: str(params.body) ?? "",
      body_input_format: format,
      title: nonEmpty(params.title) ?? null,
      attachments: this.attachments(params.attachments),
      in_reply_to_id: inReplyTo?.id ?? null,
      intervention_id: intervention?.id ?? null,
      status: intervention ? "assigned" : "new",
      created_from: "synchronizer",
      language: nonEmpty(params.language) ?? null,
      created_at: isoOrNow(params.created_at),
      ...(isRecord(params.structured_content) ? { structured_content: params.structured_content } : {}),
      ...(isRecord(params.structured_reply) && typeof params.structured_reply.payload === "string"
        ? { structured_reply: { payload: params.structured_reply.payload } }
        : {}),
      ...(Object.keys(contextData).length > 0 ? { context_data: contextData } : {}),
      ...(categories ? { foreign_categories: categories } : {}),
    });
    thread.updated_at = nowIso();
    this.store.refreshThread(thread.id);
    this.emit([this.contentEvent("content.imported", content, source)]);
    return content;
  }

  importThread(sourceId: string, params: SdkParams): SimThread | undefined {
    const source = this.requireSource(sourceId);
    const foreignId = str(params.id) ?? "";
    const existing = this.store.findThreadByForeignId(source.id, foreignId);
    if (existing) {
      this.ignore(source.id, "threads.create", foreignId, "duplicate thread id");
      return existing;
    }
    const thread = this.threadFor(source, foreignId, params.title);
    if (
      params.author &&
      typeof params.author === "object" &&
      (nonEmpty(params.body) || Array.isArray(params.attachments))
    ) {
      const author = this.upsertIdentity(source, params.author as SdkParams);
      const content = this.store.createContent({
        thread_id: thread.id,
        foreign_id: foreignId,
        type: "thread",
        author_id: author.id,
        body: str(params.body) ?? "",
        body_input_format: params.format === "text" ? "text" : "html",
        title: nonEmpty(params.title) ?? null,
        attachments: this.attachments(params.attachments),
        created_at: isoOrNow(params.created_at),
      });
      this.emit([this.contentEvent("content.imported", content, source)]);
    }
    return thread;
  }

  markAsRead(sourceId: string, params: SdkParams): void {
    const foreignId = str(params.id) ?? "";
    const content = this.store.findContentByForeignId(sourceId, foreignId);
    const time = nowIso();
    if (content) {
      const meta = this.store.contentMeta.get(content.id);
      if (meta) meta.readAt = time;
    }
    this.readReceipts.push({ sourceId, foreignId, contentId: content?.id ?? null, time });
  }

  // ---------- agent side ----------

  /** An agent engages a thread: opens an intervention (assigned to the agent) and creates its task. */
  engage(
    threadId: string,
    agentId: string = this.defaults.secondAgentUserId,
    options: { priority?: number; categoryIds?: string[] } = {},
  ): { intervention: SimIntervention; task: SimTask } {
    const thread = this.requireThread(threadId);
    const now = nowIso();
    const existing = this.store.openIntervention(thread.id);
    const intervention =
      existing ??
      this.store.createIntervention({
        thread_id: thread.id,
        user_id: agentId,
        category_ids: options.categoryIds,
      });
    if (intervention.user_id === null) intervention.user_id = agentId;
    for (const content of this.store.threadContents(thread.id)) {
      if (content.intervention_id === null && !this.store.contentMeta.get(content.id)?.fromAgent) {
        content.intervention_id = intervention.id;
        if (content.status === "new") content.status = "assigned";
      }
    }
    const existingTask = [...this.store.tasks.values()].find(
      (t) => t.intervention_id === intervention.id && t.completed_at === null,
    );
    const task =
      existingTask ??
      this.store.createTask({
        thread_id: thread.id,
        intervention_id: intervention.id,
        content_id: intervention.content_id,
        agent_ids: [intervention.user_id ?? agentId],
        priority: options.priority,
        accepted_at: now,
        queue: `workbin_${intervention.user_id ?? agentId}`,
      });
    this.store.refreshThread(thread.id);
    const events: WebhookEventInput[] = [];
    if (!existing) events.push(this.interventionEvent("intervention.opened", intervention, agentId));
    if (!existingTask) events.push(this.taskEvent("task.created", task, null));
    this.emit(events);
    return { intervention, task };
  }

  /** A task waiting in the global queue (no agent yet), as routing creates for a categorized thread. */
  queueTask(
    threadId: string,
    options: { priority?: number; channelId?: string; step?: string } = {},
  ): SimTask {
    const thread = this.requireThread(threadId);
    const last = this.store.threadContents(thread.id).pop();
    const task = this.store.createTask({
      thread_id: thread.id,
      content_id: last?.id ?? null,
      priority: options.priority,
      channel_id: options.channelId,
      step: options.step ?? null,
      queue: "global",
    });
    this.emit([this.taskEvent("task.created", task, null)]);
    return task;
  }

  /** The identity an agent replies as: a controlled identity of the agent on the source's community. */
  agentIdentity(source: SimSource, agentId: string): SimIdentity {
    const store = this.store;
    const candidates = [...store.identities.values()].filter((i) => i.community_id === source.community_id);
    const own = candidates.find(
      (i) => i.user_ids.includes(agentId) && store.identityMeta.get(i.id)?.controlled,
    );
    if (own) return own;
    const assigned = candidates.find((i) => i.user_ids.includes(agentId));
    if (assigned) return assigned;
    const user = store.users.get(agentId);
    return store.createIdentity(
      {
        community_id: source.community_id,
        foreign_id: `agent-${agentId}`,
        screenname: user ? `${user.firstname} ${user.lastname}` : "Agent",
        firstname: user?.firstname ?? null,
        lastname: user?.lastname ?? null,
        user_ids: [agentId],
      },
      { puppetizable: true, controlled: true },
    );
  }

  /**
   * Records an agent reply on a thread (opening an intervention first if none is open). The reply
   * answers `inReplyToId`, else the thread's latest customer content.
   */
  recordAgentReply(threadId: string, body: string, options: AgentReplyOptions = {}): RecordedReply {
    const thread = this.requireThread(threadId);
    const source = this.requireSource(thread.source_id);
    const open = this.store.openIntervention(thread.id);
    const agentId = options.agentId ?? open?.user_id ?? this.defaults.secondAgentUserId;
    const intervention = open ?? this.engage(thread.id, agentId).intervention;
    const author = options.authorIdentityId
      ? this.store.identities.get(options.authorIdentityId)
      : this.agentIdentity(source, agentId);
    if (!author) throw new Error(`simulator: unknown identity ${options.authorIdentityId}`);
    const inReplyTo = options.inReplyToId
      ? this.store.contents.get(options.inReplyToId)
      : this.store
          .threadContents(thread.id)
          .reverse()
          .find((c) => !this.store.contentMeta.get(c.id)?.fromAgent);
    const format = options.format ?? "text";
    const content = this.store.createContent(
      {
        thread_id: thread.id,
        body,
        body_input_format: format,
        author_id: author.id,
        creator_id: agentId,
        intervention_id: intervention.id,
        type: options.privateMessage ? "private_message" : "message",
        private_message: options.privateMessage ?? false,
        status: "user_reply",
        created_from: options.createdFrom ?? "interface",
        in_reply_to_id: inReplyTo?.id ?? null,
        synchronization_status: "pending",
        attachments: this.attachments(options.attachments),
        ...(options.structuredContent ? { structured_content: options.structuredContent } : {}),
      },
      { fromAgent: true },
    );
    if (inReplyTo && (inReplyTo.status === "new" || inReplyTo.status === "assigned"))
      inReplyTo.status = "replied";
    intervention.user_replies_count += 1;
    if (intervention.first_user_reply_id === null) {
      intervention.first_user_reply_id = content.id;
      intervention.first_user_reply_in = Math.max(
        0,
        Math.round((Date.parse(content.created_at) - Date.parse(intervention.created_at)) / 1000),
      );
    }
    intervention.updated_at = nowIso();
    thread.updated_at = nowIso();
    this.store.refreshThread(thread.id);
    this.emit([this.contentEvent("content.replied", content, source, agentId)]);
    return { content, thread, source, author, agentId, inReplyTo: inReplyTo ?? null };
  }

  /**
   * Pushes a recorded agent reply to the source's Base URI as `messages.create` (or
   * `private_messages.create`), retrying like RCE does for create actions (`retry: true` after the
   * first attempt). The id the integrator answers becomes the content's foreign_id.
   */
  async pushAgentReply(rec: RecordedReply, options: AgentReplyOptions = {}): Promise<AgentReplyResult> {
    const { content, thread, source, author, agentId, inReplyTo } = rec;
    const baseUri = this.store.sourceMeta.get(source.id)?.baseUri ?? null;
    if (!baseUri || options.push === false) return { content, push: null, attempts: 0, answerForm: null };
    const refusal = this.pushRefusal(
      source.id,
      content.private_message ? "private_messages.create" : "messages.create",
    );
    if (refusal !== null) {
      content.synchronization_status = "failed";
      content.synchronization_error = refusal;
      return { content, push: null, attempts: 0, answerForm: null };
    }
    const user = this.store.users.get(agentId);
    const params: SdkParams = {
      author_id: author.foreign_id ?? author.id,
      body: content.body,
      content_id: content.id,
      created_at: content.created_at,
      format: content.body_input_format,
      in_reply_to_id: inReplyTo?.foreign_id ?? null,
      retry: false,
      sender_name: user ? `${user.firstname} ${user.lastname}` : (author.screenname ?? "Agent"),
      thread_id: thread.foreign_id,
      title: null,
      updated_at: content.updated_at,
    };
    if (options.attachments && options.attachments.length > 0) params.attachments = options.attachments;
    if (options.structuredContent) params.structured_content = options.structuredContent;
    const action = content.private_message ? "private_messages.create" : "messages.create";
    if (content.private_message) {
      const recipient = inReplyTo?.author_id ? this.store.identities.get(inReplyTo.author_id) : undefined;
      params.recipient_id = recipient?.foreign_id ?? null;
    }
    const maxAttempts = Math.max(1, this.settings.sdkPushAttempts);
    let attempts = 0;
    let last: PushResult | null = null;
    let error: string | null = null;
    let answerForm: AgentReplyResult["answerForm"] = null;
    while (attempts < maxAttempts) {
      attempts++;
      params.retry = attempts > 1;
      last = await this.pushSdk(action, params, {}, source.id);
      const outcome = this.createOutcome(last);
      if (outcome.id !== undefined) {
        answerForm = outcome.form ?? null;
        content.foreign_id = outcome.id;
        content.synchronization_status = "success";
        content.synchronization_error = null;
        error = null;
        break;
      }
      error = outcome.error;
      if (outcome.fatal) break;
    }
    if (error !== null) {
      content.synchronization_status = "failed";
      content.synchronization_error = error;
    }
    this.emit([this.contentEvent("content.exported", content, source)]);
    return { content, push: last, attempts, answerForm };
  }

  /** Records an agent reply and awaits its push to the Base URI. */
  async agentReply(
    threadId: string,
    body: string,
    options: AgentReplyOptions = {},
  ): Promise<AgentReplyResult> {
    const thread = this.requireThread(threadId);
    const baseUri = this.store.sourceMeta.get(thread.source_id)?.baseUri ?? null;
    if (baseUri && options.push !== false) {
      const refusal = this.pushRefusal(
        thread.source_id,
        options.privateMessage ? "private_messages.create" : "messages.create",
      );
      if (refusal !== null) throw new SimulatorRefusal(refusal);
    }
    const composerRefusal = this.composerRefusal(thread.source_id, options);
    if (composerRefusal !== null) throw new SimulatorRefusal(composerRefusal);
    return this.pushAgentReply(this.recordAgentReply(threadId, body, options), options);
  }

  /** What RCE's composer would not let an agent write on this source (options.md, structured-messages.md). */
  composerRefusal(sourceId: string, options: AgentReplyOptions): string | null {
    const declaredOptions = this.store.sourceMeta.get(sourceId)?.implementation?.options ?? [];
    const option = options.privateMessage ? "private_messages.attachments" : "messages.attachments";
    if (options.attachments?.length && !declaredOptions.includes(option))
      return `the implementation.info answer does not declare the option "${option}", so agents cannot compose attachments on this source`;
    if (options.structuredContent && !declaredOptions.includes("view.messaging"))
      return `the implementation.info answer does not declare the option "view.messaging", so agents cannot send structured messages on this source`;
    return null;
  }

  /**
   * Why RCE would not send `action` to the source's Base URI now, or null when it would: nothing
   * but implementation.info before an answer was accepted (quick-start.md), then only declared
   * objects' actions (actions.md) and `messaging.queuing_update` only when declared (options.md).
   */
  pushRefusal(sourceId: string, action: string): string | null {
    if (!this.settings.requireImplementationInfo || action === "implementation.info") return null;
    const implementation = this.store.sourceMeta.get(sourceId)?.implementation ?? null;
    if (!implementation) {
      return `source ${sourceId} has no accepted implementation.info answer, so RCE sends it no ${action} (call sim.pushImplementationInfo() first, or set requireImplementationInfo: false)`;
    }
    if (action === "messaging.queuing_update") {
      return implementation.options.includes("messaging.queuing_update")
        ? null
        : `the implementation.info answer does not declare the option "messaging.queuing_update", so RCE sends no queue updates`;
    }
    const resource = action.slice(0, action.indexOf("."));
    if ((KNOWN_OBJECTS as readonly string[]).includes(resource) && !declaresAction(implementation, action)) {
      return `the implementation.info answer does not declare ${action}, so RCE does not send it`;
    }
    return null;
  }

  /** Pushes a recorded reply in the background (tracked by waitForDeliveries), like RCE's async export. */
  pushAgentReplyLater(rec: RecordedReply, options: AgentReplyOptions = {}): void {
    this.track(this.pendingDeliveries, this.pushAgentReply(rec, options));
  }

  /**
   * Interprets the integrator's answer to a create action: `{"id": "...", "body": ...}`
   * (action-details.md "create", quick-start.md) or only `{"id": "..."}` (quick-start.md "Standard
   * Polling Query"). The id must be a non-empty string; anything else counts as a failed attempt.
   */
  private createOutcome(res: PushResult): {
    id?: string;
    form?: "id+body" | "id";
    error: string;
    fatal: boolean;
  } {
    if (res.status < 200 || res.status >= 300) {
      return { error: res.error ?? `HTTP ${res.status}`, fatal: false };
    }
    const json = res.json;
    if (json && typeof json === "object" && !Array.isArray(json)) {
      const record = json as Record<string, unknown>;
      const err = record.error;
      if (err && typeof err === "object") {
        const e = err as Record<string, unknown>;
        return { error: str(e.message) ?? "resource error", fatal: e.fatal === true };
      }
      const form = answerFormOf(res);
      if (form !== null && typeof record.id === "string") {
        if (form === "id" && this.settings.requireAnswerBody) {
          return {
            form,
            error: 'invalid answer (expected {"id", "body"}: requireAnswerBody is on)',
            fatal: false,
          };
        }
        return { id: record.id, form, error: "", fatal: false };
      }
    }
    return { error: "invalid answer (expected a JSON object with a string id)", fatal: false };
  }

  /** The webhook `resource.id` of an RCE id, as a string or as a stable integer alias. */
  webhookResourceId(id: string): string | number {
    if (this.settings.webhookResourceIdType === "string") return id;
    let alias = this.integerIds.get(id);
    if (alias === undefined) {
      alias = this.integerIds.size + 1;
      this.integerIds.set(id, alias);
    }
    return alias;
  }

  /** Closes an intervention, completes its tasks and fires intervention.closed (+ task.completed). */
  closeIntervention(intervention: SimIntervention, actorUserId: string | null): SimIntervention {
    const now = nowIso();
    intervention.closed = true;
    intervention.closed_at = now;
    intervention.deferred_at = null;
    intervention.status = "Closed";
    intervention.updated_at = now;
    const completed: SimTask[] = [];
    for (const task of this.store.tasks.values()) {
      if (task.intervention_id === intervention.id && task.completed_at === null) {
        task.completed_at = now;
        task.updated_at = now;
        this.store.setTaskQueue(task.id, "history");
        completed.push(task);
      }
    }
    this.store.refreshThread(intervention.thread_id);
    const actor = actorUserId ?? intervention.user_id;
    this.emit([
      this.interventionEvent("intervention.closed", intervention, actor),
      ...completed.map((t) => this.taskEvent("task.completed", t, actor, "closed")),
    ]);
    return intervention;
  }

  /** Cancels (destroys) an intervention: its contents go back to "new" and its tasks disappear. */
  cancelIntervention(intervention: SimIntervention, actorUserId: string | null): SimIntervention {
    this.store.interventions.delete(intervention.id);
    for (const content of this.store.contents.values()) {
      if (content.intervention_id === intervention.id) {
        content.intervention_id = null;
        if (content.status === "assigned") content.status = "new";
      }
    }
    for (const task of [...this.store.tasks.values()]) {
      if (task.intervention_id === intervention.id) {
        this.store.tasks.delete(task.id);
        this.store.taskMeta.delete(task.id);
      }
    }
    this.store.refreshThread(intervention.thread_id);
    this.emit([
      this.interventionEvent("intervention.canceled", intervention, actorUserId ?? intervention.user_id),
    ]);
    return intervention;
  }

  // ---------- events and webhooks ----------

  interventionEvent(type: string, i: SimIntervention, userId: string | null): WebhookEventInput {
    const event: WebhookEventInput = {
      type,
      resource: {
        type: "intervention",
        id: i.id,
        metadata: {
          source_id: i.source_id,
          thread_id: i.thread_id,
          user_id: i.user_id,
          identity_id: i.identity_id,
          category_ids: [...i.category_ids],
          closed_at: i.closed_at,
          deferred_at: i.deferred_at,
          custom_field_values: { ...i.custom_fields },
        },
      },
    };
    if (userId) event.user_id = userId;
    return event;
  }

  /** `userId` only for events an agent triggered (events.md "Event Anatomy", `user_id`). */
  contentEvent(type: string, c: SimContent, source: SimSource, userId?: string | null): WebhookEventInput {
    const thread = this.store.threads.get(c.thread_id);
    const event: WebhookEventInput = {
      type,
      resource: {
        type: `${source.type}/${c.type}`,
        id: c.id,
        metadata: {
          id: c.id,
          approval_required: c.approval_required,
          author_id: c.author_id,
          body: c.body,
          body_input_format: c.body_input_format,
          category_ids: [...c.category_ids],
          created_from: c.created_from,
          creator_id: c.creator_id,
          date: c.created_at,
          first_in_thread: c.first_in_thread,
          foreign_categories: c.foreign_categories ?? [],
          foreign_id: c.foreign_id,
          has_attachment: c.attachments_count > 0,
          intervention_id: c.intervention_id,
          in_reply_to_author_id: c.in_reply_to_author_id,
          in_reply_to_id: c.in_reply_to_id,
          language: c.language,
          private: c.private_message,
          source_id: c.source_id,
          source_type: c.source_type,
          status: c.status,
          synchronization_status: c.synchronization_status,
          thread_id: c.thread_id,
          thread_title: thread?.title ?? null,
          type: c.type,
        },
      },
    };
    if (userId) event.user_id = userId;
    return event;
  }

  taskEvent(type: string, t: SimTask, userId: string | null, action?: string): WebhookEventInput {
    const event: WebhookEventInput = {
      type,
      resource: {
        type: "task",
        id: t.id,
        metadata: {
          created_at: t.created_at,
          channel_id: t.channel_id,
          priority: t.priority,
          content_id: t.content_id,
          intervention_id: t.intervention_id,
          agent_ids: [...t.agent_ids],
          queue: this.store.taskQueue(t.id),
          thread_id: t.thread_id,
          ...(action ? { action } : {}),
        },
      },
    };
    if (userId) event.user_id = userId;
    if (action) event.action = action;
    return event;
  }

  /** Sends events to every active webhook registered for them (asynchronously, tracked). */
  emit(events: WebhookEventInput[]): void {
    if (!this.settings.autoDeliverWebhooks || events.length === 0) return;
    for (const webhook of this.store.webhooks.values()) {
      if (!webhook.active) continue;
      const wanted = events.filter((e) => webhook.registered_events.includes(e.type));
      if (wanted.length === 0) continue;
      this.track(this.pendingDeliveries, this.deliverWebhook(wanted, {}, webhook.id));
    }
  }

  async deliverWebhook(
    events: WebhookEventInput[],
    options: WebhookPostOptions & { payloadId?: string } = {},
    webhookId: string = this.defaults.webhookId,
  ): Promise<WebhookDeliveryResult> {
    const webhook = this.store.webhooks.get(webhookId);
    if (!webhook) throw new Error(`simulator: unknown webhook ${webhookId}`);
    const secret = this.store.webhookMeta.get(webhook.id)?.secret ?? null;
    const payload = buildWebhookPayload(events, this.settings.domainId, options.payloadId, (id) =>
      this.webhookResourceId(id),
    );
    const result = await postWebhook(webhook.url, secret, payload, {
      timeoutMs: this.settings.pushTimeoutMs,
      ...options,
    });
    this.webhookDeliveries.push(result);
    this.pushLog.push({
      kind: "webhook",
      url: webhook.url,
      requestBody: result.requestBody,
      status: result.status,
      time: nowIso(),
    });
    return result;
  }

  /**
   * RCE's verification after a webhook is registered or changed (webhooks/create.md: "Webhook
   * validation is an asynchronous process"), in the background; tracked by waitForDeliveries.
   */
  verifyWebhookLater(webhookId: string): void {
    this.track(this.pendingDeliveries, this.verifyWebhook({}, webhookId));
  }

  async verifyWebhook(
    options: { challenge?: string; verifyTokenOverride?: string } = {},
    webhookId: string = this.defaults.webhookId,
  ): Promise<WebhookVerificationResult> {
    const webhook = this.store.webhooks.get(webhookId);
    if (!webhook) throw new Error(`simulator: unknown webhook ${webhookId}`);
    const secret = this.store.webhookMeta.get(webhook.id)?.secret ?? null;
    const result = await verifyWebhookEndpoint(webhook.url, webhook.verify_token, secret, {
      timeoutMs: this.settings.pushTimeoutMs,
      ...options,
    });
    // A failed validation disables the webhook, as documented.
    webhook.active = result.ok;
    webhook.webhook_status = result.ok ? "ok" : "validation_failed";
    this.pushLog.push({
      kind: "webhook-verify",
      url: webhook.url,
      requestBody: "",
      status: result.status,
      time: nowIso(),
    });
    return result;
  }

  async pushSdk(
    action: string,
    params: SdkParams | undefined,
    options: SdkPushOptions = {},
    sourceId: string = this.defaults.sourceId,
  ): Promise<PushResult> {
    const meta = this.store.sourceMeta.get(sourceId);
    if (!meta) throw new Error(`simulator: unknown source ${sourceId}`);
    if (!meta.baseUri) throw new Error("simulator: no Base URI configured (call sim.configureBaseUri first)");
    if (!options.unchecked) {
      const refusal = this.pushRefusal(sourceId, action);
      if (refusal !== null) throw new SimulatorRefusal(refusal);
    }
    const result = await sdkPush(meta.baseUri, meta.realtimeAccessToken, action, params, {
      timeoutMs: this.settings.pushTimeoutMs,
      ...options,
    });
    this.pushLog.push({
      kind: "sdk",
      action,
      ...(action === "messages.create" || action === "private_messages.create"
        ? { answerForm: answerFormOf(result) }
        : {}),
      url: meta.baseUri,
      requestBody: result.requestBody,
      status: result.status,
      time: nowIso(),
    });
    return result;
  }
}
