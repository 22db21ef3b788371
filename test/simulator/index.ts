/**
 * RCE simulator: a real HTTP server on 127.0.0.1 that follows the documented RingCentral Engage
 * Digital REST API, the Source SDK Send API, and the RCE -> integrator pushes (Base URI requests,
 * webhooks). See README.md for scope and every UNCONFIRMED choice.
 */
import type { AddressInfo } from "node:net";
import {
  type AgentReplyOptions,
  type AgentReplyResult,
  DEFAULT_SETTINGS,
  type IgnoredImport,
  type ReadReceipt,
  type SdkUserRecord,
  SimDomain,
  type SimulatorSettings,
  type TypingEvent,
} from "./domain";
import { FaultInjector } from "./faults";
import { newId, newSecret, nowIso } from "./ids";
import { checkImplementationInfo, type ImplementationRules } from "./implementation";
import * as lifecycle from "./lifecycle";
import { httpRequest, type SdkPushOptions } from "./pushes";
import { RequestLog } from "./requestLog";
import { createSimServer } from "./server";
import { sdkSign } from "./signature";
import {
  type AgentStatusInput,
  checkWebhookSecret,
  type SeedOptions,
  SimStore,
  type SimulatorDefaults,
  seedDefaults,
} from "./store";
import type {
  LoggedRequest,
  PushLogEntry,
  PushResult,
  SdkImplementationInfo,
  SimAgentStatus,
  SimContent,
  SimIdentity,
  SimIntervention,
  SimTask,
  SimThread,
  SimWebhook,
  WebhookDeliveryResult,
  WebhookEventInput,
  WebhookVerificationResult,
} from "./types";

export type {
  AgentReplyOptions,
  AgentReplyResult,
  IgnoredImport,
  ReadReceipt,
  SdkUserRecord,
  SimulatorSettings,
  TypingEvent,
} from "./domain";
export { answerFormOf, DEFAULT_SETTINGS, SimulatorRefusal } from "./domain";
export type { FaultAction, FaultOptions, FaultRule, FaultRuleInput, MalformedShape } from "./faults";
export { FaultInjector } from "./faults";
export type { ImplementationCheck, ImplementationRules, ThreadsDeclaration } from "./implementation";
export { checkImplementationInfo, KNOWN_OBJECTS, KNOWN_OPTIONS } from "./implementation";
export type { SdkPushOptions } from "./pushes";
export { SDK_SIGNATURE_HEADER, sdkSign, sdkSignatureMatches, WEBHOOK_SECRET_HEADER } from "./signature";
export type { AgentStatusInput, SeedOptions, SimulatorDefaults, UserSeed } from "./store";
export { SimStore } from "./store";
export * from "./types";

export interface SimulatorOptions extends SeedOptions, Partial<SimulatorSettings> {
  /** Port to listen on (default 0 = ephemeral). */
  port?: number;
}

/** Fields RCE sends in messages.create for an agent reply (all optional here; thread_id required). */
export interface AgentReplyPushParams {
  thread_id: string;
  body?: string;
  author_id?: string;
  content_id?: string;
  created_at?: string;
  updated_at?: string;
  format?: "text" | "html";
  in_reply_to_id?: string | null;
  retry?: boolean;
  sender_name?: string;
  attachments?: { url: string; type?: string; filename?: string }[];
  structured_content?: Record<string, unknown>;
}

/**
 * messaging.queuing_update params (action-details.md). RCE's example carries both `thread_id` and
 * `in_reply_to_id`; send both, or either one alone, to test each form. At least one is needed.
 */
export interface QueuingUpdateParams {
  thread_id?: string;
  position: number;
  /** Seconds, as RCE sends it. */
  estimated_wait_time: number;
  in_reply_to_id?: string;
}

/** Alternative to the params' own fields: which thread / message the update is about. */
export interface QueuingUpdateOptions extends SdkPushOptions {
  threadId?: string;
  inReplyToId?: string;
}

export interface ImplementationInfoResult extends PushResult {
  /** The parsed answer when it was accepted and stored, else null. */
  implementation: SdkImplementationInfo | null;
  accepted: boolean;
  /** Why the answer was refused (empty when accepted). */
  problems: string[];
  /** Form of `objects`: {name: [actions]} ("hash") or the flat list ("flat-list"). */
  objectsForm: "hash" | "flat-list" | null;
}

export interface SendApiCallOptions {
  sourceId?: string;
  signatureIn?: "header" | "query" | "both" | "none";
  /** Sign with another key (to provoke "Invalid signature"). */
  signWith?: string;
  /** Send these exact bytes instead of JSON.stringify({action, params}). */
  rawBody?: string;
}

export interface RceSimulator {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `http://127.0.0.1:<port>/1.0` */
  readonly baseApiUrl: string;
  /** Send API URL of the default source: `http://127.0.0.1:<port>/realtime/sdk/<sourceId>` */
  readonly realtimeEndpointUrl: string;
  readonly defaults: SimulatorDefaults;
  readonly store: SimStore;
  /** Mutable at runtime (import delay, categorization time, latency, policies...). */
  readonly settings: SimulatorSettings;
  readonly faults: FaultInjector;
  /** Every request received, oldest first. */
  readonly requests: readonly LoggedRequest[];
  /** Requests the simulator sent (Base URI pushes, webhook deliveries and verifications). */
  readonly pushLog: readonly PushLogEntry[];
  readonly webhookDeliveries: readonly WebhookDeliveryResult[];
  readonly typingEvents: readonly TypingEvent[];
  readonly readReceipts: readonly ReadReceipt[];
  /** Send API imports that were accepted ("ok") but ignored (e.g. duplicate message id). */
  readonly ignoredImports: readonly IgnoredImport[];

  countRequests(method?: string, pathPattern?: string | RegExp): number;
  findRequests(method?: string, pathPattern?: string | RegExp): LoggedRequest[];
  lastRequest(method?: string, pathPattern?: string | RegExp): LoggedRequest | undefined;
  resetRequests(): void;

  setLatency(ms: number): void;
  setImportDelay(ms: number): void;
  setCategorizationMs(ms: number): void;

  realtimeEndpointFor(sourceId: string): string;
  /** HMAC-SHA512 hex of `body` with the source's realtime access token. */
  sign(body: string | Buffer, sourceId?: string): string;
  /** Signed POST to the simulator's own Send API (a client for tests). */
  sendApi(
    action: string,
    params: unknown,
    options?: SendApiCallOptions,
  ): Promise<{ status: number; body: string }>;

  waitForImports(): Promise<void>;
  waitForDeliveries(): Promise<void>;
  /** Waits until no import and no delivery/push is pending. */
  settle(): Promise<void>;

  /** A thread of a source by its foreign_id (the SDK thread_id). */
  findThreadByForeignId(foreignId: string, sourceId?: string): SimThread | undefined;
  threadContents(threadId: string): SimContent[];

  /** An agent engages the thread: opens an intervention and creates its (accepted) task. */
  agentEngages(
    threadId: string,
    agentId?: string,
    options?: { priority?: number; categoryIds?: string[] },
  ): { intervention: SimIntervention; task: SimTask };
  /** A task pending in the global queue for the thread. */
  queueTask(threadId: string, options?: { priority?: number; channelId?: string; step?: string }): SimTask;
  /**
   * An agent replies on a thread (RCE id, or SDK thread foreign_id on the default source): records
   * the content and, when a Base URI is configured, pushes messages.create to it (with retries).
   */
  agentReplies(threadId: string, text: string, options?: AgentReplyOptions): Promise<AgentReplyResult>;
  /** An agent closes the intervention (no API caveats) and intervention.closed is delivered. */
  agentCloses(
    interventionId: string,
    agentId?: string,
  ): Promise<{ intervention: SimIntervention; deliveries: WebhookDeliveryResult[] }>;
  setAgentStatus(agentId: string, input?: AgentStatusInput): SimAgentStatus;
  disconnectAgent(agentId: string): void;
  /** An agent cancels the intervention (destroyed; intervention.canceled). */
  agentCancels(interventionId: string, agentId?: string): void;
  /** An admin defines a custom field (RCE Admin > Custom fields); interventions' by default. */
  defineCustomField(key: string, associatedType?: "Intervention" | "IdentityGroup"): void;
  /** The internal notes on an intervention, oldest first (what agents see beside the conversation). */
  interventionNotes(interventionId: string): { body: string; user_id: string }[];
  /**
   * An intervention event as RCE builds it now (or `issuedSecondsAgo` earlier), to deliver again by
   * hand: RCE repeats events and delivers them out of order (webhooks/receive.md).
   */
  interventionEvent(
    type: string,
    interventionId: string,
    options?: { issuedSecondsAgo?: number },
  ): WebhookEventInput;
  /** The handover's other moments (lifecycle.ts), each firing its documented events. */
  readonly lifecycle: {
    takeTask(taskId: string, agentId: string): SimIntervention;
    assign(interventionId: string, agentId: string, by: string): void;
    transfer(interventionId: string, toAgentId: string, by: string): void;
    defer(interventionId: string, agentId: string): void;
    reactivate(interventionId: string): void;
    undeliver(taskId: string): void;
    expireFromWorkbin(taskId: string): void;
  };

  configureBaseUri(url: string | null, sourceId?: string): void;
  pushSdk(
    action: string,
    params?: Record<string, unknown>,
    options?: SdkPushOptions & { sourceId?: string },
  ): Promise<PushResult>;
  pushAgentReply(params: AgentReplyPushParams, options?: SdkPushOptions): Promise<PushResult>;
  /** Needs an accepted implementation.info declaring the option messaging.queuing_update. */
  pushQueuingUpdate(params: QueuingUpdateParams, options?: QueuingUpdateOptions): Promise<PushResult>;
  /**
   * Sends implementation.info; a valid, signed 2xx answer is stored (then enforced by the Send API
   * and the pushes); an invalid one is not stored: `accepted: false` and `problems` say why.
   */
  pushImplementationInfo(options?: SdkPushOptions & { sourceId?: string }): Promise<ImplementationInfoResult>;
  /**
   * Validates and stores an implementation.info answer without any HTTP (as if the integrator had
   * answered it), with the same rules as pushImplementationInfo.
   */
  declareImplementation(
    answer: unknown,
    sourceId?: string,
  ): { accepted: boolean; problems: string[]; implementation: SdkImplementationInfo | null };
  /** Every users.create the Send API accepted, in order (identityId filled once imported). */
  readonly sdkUsers: readonly SdkUserRecord[];
  /** The identity of an SDK user id (foreign_id) on a source's community, once imported. */
  identityByForeignId(foreignId: string, sourceId?: string): SimIdentity | undefined;
  /** The webhook `resource.id` an RCE id is sent as (per settings.webhookResourceIdType). */
  webhookResourceId(id: string): string | number;
  /**
   * The admin's setup step 7: marks the identity of an SDK user id Controlled and assigns it to
   * agents (default: the second seeded agent). Throws when the identity was not imported yet.
   */
  controlIdentity(foreignId: string, agentIds?: string[], sourceId?: string): SimIdentity;
  /** Gives or removes the manage_api_access_tokens right (GET /webhooks shows every webhook). */
  setManageApiAccessTokens(userId: string, allowed: boolean): void;
  /** Gives or removes the right to view users (GET /users, /users/{id}/sources_permissions). */
  setViewUsers(userId: string, allowed: boolean): void;

  configureWebhook(
    url: string,
    options?: {
      secret?: string | null;
      verifyToken?: string | null;
      events?: string[];
      active?: boolean;
      /** null removes the name (optional in the API). */
      name?: string | null;
    },
  ): SimWebhook;
  verifyWebhook(options?: {
    challenge?: string;
    verifyTokenOverride?: string;
  }): Promise<WebhookVerificationResult>;
  deliverWebhook(
    events: WebhookEventInput[],
    options?: { attempts?: number; payloadId?: string; secretOverride?: string | null },
  ): Promise<WebhookDeliveryResult>;

  close(): Promise<void>;
}

class Simulator implements RceSimulator {
  readonly origin: string;
  readonly baseApiUrl: string;
  readonly realtimeEndpointUrl: string;

  constructor(
    private readonly domain: SimDomain,
    readonly faults: FaultInjector,
    private readonly log: RequestLog,
    private readonly closeServer: () => Promise<void>,
    port: number,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    this.baseApiUrl = `${this.origin}/1.0`;
    this.realtimeEndpointUrl = this.realtimeEndpointFor(domain.defaults.sourceId);
  }

  get defaults(): SimulatorDefaults {
    return this.domain.defaults;
  }
  get store(): SimStore {
    return this.domain.store;
  }
  get settings(): SimulatorSettings {
    return this.domain.settings;
  }
  get requests(): readonly LoggedRequest[] {
    return this.log.entries;
  }
  get pushLog(): readonly PushLogEntry[] {
    return this.domain.pushLog;
  }
  get webhookDeliveries(): readonly WebhookDeliveryResult[] {
    return this.domain.webhookDeliveries;
  }
  get typingEvents(): readonly TypingEvent[] {
    return this.domain.typingEvents;
  }
  get readReceipts(): readonly ReadReceipt[] {
    return this.domain.readReceipts;
  }
  get ignoredImports(): readonly IgnoredImport[] {
    return this.domain.ignoredImports;
  }

  countRequests(method?: string, pathPattern?: string | RegExp): number {
    return this.log.count(method, pathPattern);
  }
  findRequests(method?: string, pathPattern?: string | RegExp): LoggedRequest[] {
    return this.log.find(method, pathPattern);
  }
  lastRequest(method?: string, pathPattern?: string | RegExp): LoggedRequest | undefined {
    const found = this.log.find(method, pathPattern);
    return found[found.length - 1];
  }
  resetRequests(): void {
    this.log.reset();
  }

  setLatency(ms: number): void {
    this.domain.settings.latencyMs = Math.max(0, ms);
  }
  setImportDelay(ms: number): void {
    this.domain.settings.importDelayMs = Math.max(0, ms);
  }
  setCategorizationMs(ms: number): void {
    this.domain.settings.categorizationMs = Math.max(0, ms);
  }

  realtimeEndpointFor(sourceId: string): string {
    return `${this.origin}/realtime/sdk/${encodeURIComponent(sourceId)}`;
  }

  sign(body: string | Buffer, sourceId: string = this.defaults.sourceId): string {
    const token = this.store.sourceToken(sourceId);
    if (!token) throw new Error(`simulator: unknown source ${sourceId}`);
    return sdkSign(body, token);
  }

  async sendApi(
    action: string,
    params: unknown,
    options: SendApiCallOptions = {},
  ): Promise<{ status: number; body: string }> {
    const sourceId = options.sourceId ?? this.defaults.sourceId;
    const body = options.rawBody ?? JSON.stringify({ action, params });
    const signature = options.signWith ? sdkSign(body, options.signWith) : this.sign(body, sourceId);
    const where = options.signatureIn ?? "header";
    let url = this.realtimeEndpointFor(sourceId);
    if (where === "query" || where === "both") url += `?signature=${signature}`;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (where === "header" || where === "both") headers["x-smccsdk-signature"] = signature;
    const res = await httpRequest("POST", url, headers, body, this.settings.pushTimeoutMs);
    return { status: res.status, body: res.body };
  }

  waitForImports(): Promise<void> {
    return this.domain.waitForImports();
  }
  waitForDeliveries(): Promise<void> {
    return this.domain.waitForDeliveries();
  }
  async settle(): Promise<void> {
    while (this.domain.pendingImports.size > 0 || this.domain.pendingDeliveries.size > 0) {
      await this.domain.waitForImports();
      await this.domain.waitForDeliveries();
    }
  }

  findThreadByForeignId(foreignId: string, sourceId: string = this.defaults.sourceId): SimThread | undefined {
    return this.store.findThreadByForeignId(sourceId, foreignId);
  }
  threadContents(threadId: string): SimContent[] {
    return this.store.threadContents(threadId);
  }

  private resolveThread(threadId: string): string {
    if (this.store.threads.has(threadId)) return threadId;
    const byForeign = this.findThreadByForeignId(threadId);
    if (!byForeign) throw new Error(`simulator: unknown thread ${threadId}`);
    return byForeign.id;
  }

  agentEngages(
    threadId: string,
    agentId?: string,
    options?: { priority?: number; categoryIds?: string[] },
  ): { intervention: SimIntervention; task: SimTask } {
    return this.domain.engage(this.resolveThread(threadId), agentId, options);
  }
  queueTask(threadId: string, options?: { priority?: number; channelId?: string; step?: string }): SimTask {
    return this.domain.queueTask(this.resolveThread(threadId), options);
  }
  agentReplies(threadId: string, text: string, options?: AgentReplyOptions): Promise<AgentReplyResult> {
    return this.domain.agentReply(this.resolveThread(threadId), text, options);
  }
  async agentCloses(
    interventionId: string,
    agentId?: string,
  ): Promise<{ intervention: SimIntervention; deliveries: WebhookDeliveryResult[] }> {
    const intervention = this.store.interventions.get(interventionId);
    if (!intervention) throw new Error(`simulator: unknown intervention ${interventionId}`);
    const before = this.domain.webhookDeliveries.length;
    this.domain.closeIntervention(intervention, agentId ?? intervention.user_id);
    await this.domain.waitForDeliveries();
    return { intervention, deliveries: this.domain.webhookDeliveries.slice(before) };
  }
  defineCustomField(key: string, associatedType: "Intervention" | "IdentityGroup" = "Intervention"): void {
    const now = nowIso();
    const id = newId();
    this.store.customFields.set(id, {
      id,
      key,
      label: key,
      associated_type_name: associatedType,
      type: "single_line",
      multiple: false,
      position: this.store.customFields.size,
      created_at: now,
      updated_at: now,
    });
  }
  interventionNotes(interventionId: string): { body: string; user_id: string }[] {
    return [...this.store.interventionComments.values()]
      .filter((c) => c.intervention_id === interventionId)
      .map(({ body, user_id }) => ({ body, user_id }));
  }
  agentCancels(interventionId: string, agentId?: string): void {
    const intervention = this.store.interventions.get(interventionId);
    if (!intervention) throw new Error(`simulator: unknown intervention ${interventionId}`);
    this.domain.cancelIntervention(intervention, agentId ?? intervention.user_id);
  }
  interventionEvent(
    type: string,
    interventionId: string,
    options: { issuedSecondsAgo?: number } = {},
  ): WebhookEventInput {
    const intervention = this.store.interventions.get(interventionId);
    if (!intervention) throw new Error(`simulator: unknown intervention ${interventionId}`);
    const event = this.domain.interventionEvent(type, intervention, intervention.user_id);
    event.issued_at = new Date(Date.now() - (options.issuedSecondsAgo ?? 0) * 1000).toISOString();
    return event;
  }
  get lifecycle() {
    const d = this.domain;
    return {
      takeTask: (taskId: string, agentId: string) => lifecycle.takeTask(d, taskId, agentId),
      assign: (interventionId: string, agentId: string, by: string) =>
        lifecycle.assignIntervention(d, interventionId, agentId, by),
      transfer: (interventionId: string, toAgentId: string, by: string) =>
        lifecycle.transfer(d, interventionId, toAgentId, by),
      defer: (interventionId: string, agentId: string) => lifecycle.defer(d, interventionId, agentId),
      reactivate: (interventionId: string) => lifecycle.reactivate(d, interventionId),
      undeliver: (taskId: string) => lifecycle.undeliver(d, taskId),
      expireFromWorkbin: (taskId: string) => lifecycle.expireFromWorkbin(d, taskId),
    };
  }
  setAgentStatus(agentId: string, input?: AgentStatusInput): SimAgentStatus {
    return this.store.setAgentStatus(agentId, input);
  }
  disconnectAgent(agentId: string): void {
    const meta = this.store.agentStatusMeta.get(agentId);
    if (meta) meta.connected = false;
  }

  configureBaseUri(url: string | null, sourceId: string = this.defaults.sourceId): void {
    const meta = this.store.sourceMeta.get(sourceId);
    if (!meta) throw new Error(`simulator: unknown source ${sourceId}`);
    meta.baseUri = url;
  }
  pushSdk(
    action: string,
    params?: Record<string, unknown>,
    options: SdkPushOptions & { sourceId?: string } = {},
  ): Promise<PushResult> {
    const { sourceId, ...rest } = options;
    return this.domain.pushSdk(action, params, rest, sourceId);
  }
  pushAgentReply(params: AgentReplyPushParams, options?: SdkPushOptions): Promise<PushResult> {
    const now = nowIso();
    const agent = this.store.users.get(this.defaults.secondAgentUserId);
    const full: Record<string, unknown> = {
      author_id: `agent-${this.defaults.secondAgentUserId}`,
      body: "Hello, this is an agent.",
      content_id: newId(),
      created_at: now,
      format: "text",
      in_reply_to_id: null,
      retry: false,
      sender_name: agent ? `${agent.firstname} ${agent.lastname}` : "Agent",
      updated_at: now,
      ...params,
    };
    return this.domain.pushSdk("messages.create", full, options);
  }
  pushQueuingUpdate(params: QueuingUpdateParams, options: QueuingUpdateOptions = {}): Promise<PushResult> {
    const { threadId, inReplyToId, ...pushOptions } = options;
    const full: Record<string, unknown> = { ...params };
    if (threadId !== undefined) full.thread_id = threadId;
    if (inReplyToId !== undefined) full.in_reply_to_id = inReplyToId;
    if (full.thread_id === undefined && full.in_reply_to_id === undefined) {
      throw new Error("simulator: a queuing update needs thread_id, in_reply_to_id or both");
    }
    return this.domain.pushSdk("messaging.queuing_update", full, pushOptions);
  }
  async pushImplementationInfo(
    options: SdkPushOptions & { sourceId?: string } = {},
  ): Promise<ImplementationInfoResult> {
    const { sourceId = this.defaults.sourceId, ...rest } = options;
    const result = await this.domain.pushSdk("implementation.info", undefined, rest, sourceId);
    const problems: string[] = [];
    if (result.status < 200 || result.status >= 300) {
      problems.push(result.status === 0 ? `no answer (${result.error})` : `HTTP ${result.status}`);
    }
    if (problems.length === 0 && !result.signatureValid) {
      problems.push("the answer has no valid X-SMCCSDK-SIGNATURE (request-response.md)");
    }
    const check =
      problems.length === 0
        ? checkImplementationInfo(result.json, this.implementationRules())
        : { implementation: null, objectsForm: null, problems: [] };
    problems.push(...check.problems);
    const accepted = problems.length === 0 && check.implementation !== null;
    const meta = this.store.sourceMeta.get(sourceId);
    if (meta && accepted) meta.implementation = check.implementation;
    return {
      ...result,
      implementation: accepted ? check.implementation : null,
      accepted,
      problems,
      objectsForm: check.objectsForm,
    };
  }
  declareImplementation(
    answer: unknown,
    sourceId: string = this.defaults.sourceId,
  ): { accepted: boolean; problems: string[]; implementation: SdkImplementationInfo | null } {
    const meta = this.store.sourceMeta.get(sourceId);
    if (!meta) throw new Error(`simulator: unknown source ${sourceId}`);
    const check = checkImplementationInfo(answer, this.implementationRules());
    const accepted = check.problems.length === 0 && check.implementation !== null;
    if (accepted) meta.implementation = check.implementation;
    return { accepted, problems: check.problems, implementation: accepted ? check.implementation : null };
  }
  private implementationRules(): ImplementationRules {
    return {
      threadsDeclaration: this.settings.threadsDeclaration,
      acceptFlatObjects: this.settings.acceptFlatObjects,
    };
  }
  get sdkUsers(): readonly SdkUserRecord[] {
    return this.domain.sdkUsers;
  }
  identityByForeignId(foreignId: string, sourceId: string = this.defaults.sourceId): SimIdentity | undefined {
    const source = this.store.sources.get(sourceId);
    return source ? this.store.findIdentityByForeignId(source.community_id, foreignId) : undefined;
  }
  webhookResourceId(id: string): string | number {
    return this.domain.webhookResourceId(id);
  }
  controlIdentity(
    foreignId: string,
    agentIds: string[] = [this.defaults.secondAgentUserId],
    sourceId: string = this.defaults.sourceId,
  ): SimIdentity {
    const identity = this.identityByForeignId(foreignId, sourceId);
    if (!identity) throw new Error(`simulator: no identity with foreign_id ${foreignId} (not imported yet?)`);
    const meta = this.store.identityMeta.get(identity.id);
    if (meta) meta.controlled = true;
    for (const agentId of agentIds) {
      const user = this.store.users.get(agentId);
      if (!user) throw new Error(`simulator: unknown agent ${agentId}`);
      if (!identity.user_ids.includes(agentId)) identity.user_ids.push(agentId);
      if (!user.identity_ids.includes(identity.id)) user.identity_ids.push(identity.id);
    }
    identity.updated_at = nowIso();
    return identity;
  }
  setManageApiAccessTokens(userId: string, allowed: boolean): void {
    const meta = this.store.userMeta.get(userId);
    if (!meta) throw new Error(`simulator: unknown user ${userId}`);
    meta.manageApiAccessTokens = allowed;
  }
  setViewUsers(userId: string, allowed: boolean): void {
    const meta = this.store.userMeta.get(userId);
    if (!meta) throw new Error(`simulator: unknown user ${userId}`);
    meta.viewUsers = allowed;
  }

  configureWebhook(
    url: string,
    options: {
      secret?: string | null;
      verifyToken?: string | null;
      events?: string[];
      active?: boolean;
      name?: string | null;
    } = {},
  ): SimWebhook {
    const webhook = this.store.webhooks.get(this.defaults.webhookId);
    const meta = this.store.webhookMeta.get(this.defaults.webhookId);
    if (!webhook || !meta) throw new Error("simulator: the default webhook was removed");
    webhook.url = url;
    if (options.secret !== undefined) {
      checkWebhookSecret(options.secret);
      meta.secret = options.secret;
    }
    if (options.name !== undefined) {
      if (options.name === null) delete webhook.name;
      else webhook.name = options.name;
    }
    if (options.verifyToken !== undefined) webhook.verify_token = options.verifyToken;
    if (options.events) webhook.registered_events = [...options.events];
    webhook.active = options.active ?? true;
    return webhook;
  }
  verifyWebhook(options?: {
    challenge?: string;
    verifyTokenOverride?: string;
  }): Promise<WebhookVerificationResult> {
    return this.domain.verifyWebhook(options);
  }
  deliverWebhook(
    events: WebhookEventInput[],
    options?: { attempts?: number; payloadId?: string; secretOverride?: string | null },
  ): Promise<WebhookDeliveryResult> {
    return this.domain.deliverWebhook(events, options);
  }

  close(): Promise<void> {
    return this.closeServer();
  }
}

/** Starts a simulator on 127.0.0.1 (ephemeral port unless `options.port`), seeded with the defaults. */
export async function startRceSimulator(options: SimulatorOptions = {}): Promise<RceSimulator> {
  const settings: SimulatorSettings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof SimulatorSettings)[]) {
    const value = options[key];
    if (value !== undefined) Object.assign(settings, { [key]: value });
  }
  const store = new SimStore();
  const defaults = seedDefaults(store, options, () => newSecret(32));
  const domain = new SimDomain(store, settings, defaults);
  const faults = new FaultInjector();
  const log = new RequestLog();
  const { server, hanging } = createSimServer({ domain, faults, log });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | null = null;
  const closeServer = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      for (const socket of hanging) socket.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  return new Simulator(domain, faults, log, closeServer, port);
}
