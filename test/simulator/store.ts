/**
 * In-memory state of the simulated RCE domain: typed maps of records (rendered as-is by the REST
 * API) plus side tables for state the API never renders. Creation helpers fill every documented
 * field with realistic defaults so tests only pass what they care about.
 */
import { CONSUMED_WEBHOOK_EVENT_TYPES } from "../../src/engage/webhookEvents";
import { newId, newToken, newUuid, nowIso } from "./ids";
import type {
  SimAccessToken,
  SimAgentStatus,
  SimAgentStatusMeta,
  SimBusyness,
  SimCategory,
  SimChannel,
  SimChannelState,
  SimCommunity,
  SimContent,
  SimContentMeta,
  SimCustomField,
  SimIdentity,
  SimIdentityGroup,
  SimIdentityMeta,
  SimIntervention,
  SimInterventionComment,
  SimPermission,
  SimSource,
  SimSourceMeta,
  SimTask,
  SimTaskMeta,
  SimThread,
  SimUser,
  SimUserMeta,
  SimWebhook,
  SimWebhookMeta,
} from "./types";

export interface UserSeed extends Partial<SimUser> {
  /** source id -> permissions. */
  permissions?: Record<string, SimPermission[]>;
  monitorTasks?: boolean;
  manageInterventions?: boolean;
  viewUsers?: boolean;
  manageApiAccessTokens?: boolean;
}

export interface AgentStatusInput {
  /** Applies to every channel unless `channels` is given. Default "available". */
  status?: SimChannelState;
  busyness?: SimBusyness;
  /** Per-channel states; channels not listed keep their previous state (or null). */
  channels?: { id: string; status?: SimChannelState; busyness?: SimBusyness }[];
  customStatusId?: string | null;
  /** false = disconnected (GET /status omits the agent, GET /status/{id} answers 404). Default true. */
  connected?: boolean;
}

function byCreated<T extends { created_at: string; id: string }>(a: T, b: T): number {
  if (a.created_at < b.created_at) return -1;
  if (a.created_at > b.created_at) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function uniq(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "<br>");
}

/** body_formatted as RCE renders it: always both a text and an html version. */
export function formatBody(body: string, format: "text" | "html"): { text: string; html: string } {
  return format === "html"
    ? { text: stripHtml(body), html: body }
    : { text: body, html: `<p>${escapeHtml(body)}</p>` };
}

export class SimStore {
  readonly communities = new Map<string, SimCommunity>();
  readonly sources = new Map<string, SimSource>();
  readonly sourceMeta = new Map<string, SimSourceMeta>();
  readonly channels = new Map<string, SimChannel>();
  readonly categories = new Map<string, SimCategory>();
  readonly users = new Map<string, SimUser>();
  readonly userMeta = new Map<string, SimUserMeta>();
  /** token string -> access token record. */
  readonly accessTokens = new Map<string, SimAccessToken>();
  readonly identities = new Map<string, SimIdentity>();
  readonly identityMeta = new Map<string, SimIdentityMeta>();
  readonly identityGroups = new Map<string, SimIdentityGroup>();
  readonly threads = new Map<string, SimThread>();
  readonly contents = new Map<string, SimContent>();
  readonly contentMeta = new Map<string, SimContentMeta>();
  readonly interventions = new Map<string, SimIntervention>();
  readonly tasks = new Map<string, SimTask>();
  readonly taskMeta = new Map<string, SimTaskMeta>();
  /** agent (user) id -> status record. */
  readonly agentStatuses = new Map<string, SimAgentStatus>();
  readonly agentStatusMeta = new Map<string, SimAgentStatusMeta>();
  readonly webhooks = new Map<string, SimWebhook>();
  readonly customFields = new Map<string, SimCustomField>();
  readonly interventionComments = new Map<string, SimInterventionComment>();
  readonly webhookMeta = new Map<string, SimWebhookMeta>();

  /** Identity type used for identities of SDK communities (real value UNCONFIRMED). */
  identityType = "sdk";

  // ---------- communities, sources, channels ----------

  createCommunity(seed: Partial<SimCommunity> = {}): SimCommunity {
    const now = nowIso();
    const community: SimCommunity = {
      id: seed.id ?? newId(),
      name: seed.name ?? "Cognigy SDK community",
      type: seed.type ?? "sdk",
      active: seed.active ?? true,
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.communities.set(community.id, community);
    return community;
  }

  createSource(
    seed: Partial<SimSource> & { community_id: string },
    meta: Partial<SimSourceMeta> = {},
  ): SimSource {
    const now = nowIso();
    const source: SimSource = {
      id: seed.id ?? newId(),
      name: seed.name ?? "SDK source",
      type: seed.type ?? "sdk",
      active: seed.active ?? true,
      status: seed.status ?? "ok",
      error_message: seed.error_message ?? null,
      channel_id: seed.channel_id ?? null,
      community_id: seed.community_id,
      color: seed.color ?? 0,
      default_category_ids: [...(seed.default_category_ids ?? [])],
      user_thread_default_category_ids: [...(seed.user_thread_default_category_ids ?? [])],
      default_task_priority: seed.default_task_priority ?? 0,
      default_content_language: seed.default_content_language ?? null,
      auto_detect_content_language: seed.auto_detect_content_language ?? false,
      content_languages: [...(seed.content_languages ?? [])],
      content_archiving: seed.content_archiving ?? false,
      content_archiving_period: seed.content_archiving_period ?? null,
      hidden_from_stats: seed.hidden_from_stats ?? false,
      intervention_messages_boost: seed.intervention_messages_boost ?? 0,
      transferred_tasks_boost: seed.transferred_tasks_boost ?? 0,
      sla_response: seed.sla_response ?? 3600,
      sla_threshold: seed.sla_threshold ?? 0,
      sla_expired_strategy: seed.sla_expired_strategy ?? "max",
      time_sheet_ids: [...(seed.time_sheet_ids ?? [])],
      attachments_security_level: seed.attachments_security_level ?? "relaxed",
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.sources.set(source.id, source);
    this.sourceMeta.set(source.id, {
      realtimeAccessToken: meta.realtimeAccessToken ?? newToken(),
      baseUri: meta.baseUri ?? null,
      implementation: meta.implementation ?? null,
    });
    return source;
  }

  createChannel(seed: Partial<SimChannel> = {}): SimChannel {
    const now = nowIso();
    const channel: SimChannel = {
      id: seed.id ?? newId(),
      name: seed.name ?? "Messaging",
      label: seed.label ?? seed.name ?? "Messaging",
      source_ids: [...(seed.source_ids ?? [])],
      soft_capability: seed.soft_capability ?? 3,
      hard_capability: seed.hard_capability ?? 5,
      task_timeout_seconds: seed.task_timeout_seconds ?? 30,
      agent_sla: seed.agent_sla ?? 60,
      agent_sla_threshold: seed.agent_sla_threshold ?? 0,
      task_auto_complete_seconds: seed.task_auto_complete_seconds ?? null,
      auto_complete_category_ids: [...(seed.auto_complete_category_ids ?? [])],
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.channels.set(channel.id, channel);
    for (const sourceId of channel.source_ids) {
      const source = this.sources.get(sourceId);
      if (source) source.channel_id = channel.id;
    }
    return channel;
  }

  sourceToken(sourceId: string): string | undefined {
    return this.sourceMeta.get(sourceId)?.realtimeAccessToken;
  }

  // ---------- categories ----------

  createCategory(seed: Partial<SimCategory> & { name: string }): SimCategory {
    const now = nowIso();
    const category: SimCategory = {
      id: seed.id ?? newId(),
      name: seed.name,
      parent_id: seed.parent_id ?? null,
      color: seed.color ?? 0,
      mandatory: seed.mandatory ?? false,
      multiple: seed.multiple ?? true,
      post_qualification: seed.post_qualification ?? false,
      unselectable: seed.unselectable ?? false,
      source_ids: [...(seed.source_ids ?? [])],
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.categories.set(category.id, category);
    return category;
  }

  // ---------- users, tokens, permissions ----------

  createUser(seed: UserSeed = {}): SimUser {
    const now = nowIso();
    const firstname = seed.firstname ?? "Agent";
    const lastname = seed.lastname ?? "Smith";
    const user: SimUser = {
      id: seed.id ?? newId(),
      firstname,
      lastname,
      nickname: seed.nickname ?? null,
      email: seed.email ?? `${firstname}.${lastname}.${newId().slice(-6)}@example.com`.toLowerCase(),
      gender: seed.gender ?? null,
      enabled: seed.enabled ?? true,
      category_ids: [...(seed.category_ids ?? [])],
      identity_ids: [...(seed.identity_ids ?? [])],
      team_ids: [...(seed.team_ids ?? [])],
      role_id: seed.role_id ?? newId(),
      spoken_languages: [...(seed.spoken_languages ?? ["en"])],
      locale: seed.locale ?? "en",
      timezone: seed.timezone ?? null,
      external_id: seed.external_id ?? null,
      rc_user_id: seed.rc_user_id ?? null,
      user_capacity_id: seed.user_capacity_id ?? null,
      invitation_pending: seed.invitation_pending ?? false,
      no_password: seed.no_password ?? false,
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.users.set(user.id, user);
    const permissions = new Map<string, Set<SimPermission>>();
    for (const [sourceId, perms] of Object.entries(seed.permissions ?? {}))
      permissions.set(sourceId, new Set(perms));
    this.userMeta.set(user.id, {
      permissions,
      monitorTasks: seed.monitorTasks ?? true,
      manageInterventions: seed.manageInterventions ?? false,
      viewUsers: seed.viewUsers ?? true,
      manageApiAccessTokens: seed.manageApiAccessTokens ?? false,
    });
    return user;
  }

  grant(userId: string, sourceId: string, perms: SimPermission[]): void {
    const meta = this.requireUserMeta(userId);
    const set = meta.permissions.get(sourceId) ?? new Set<SimPermission>();
    for (const p of perms) set.add(p);
    meta.permissions.set(sourceId, set);
  }

  /** Removes the given permissions (all when omitted) of a user on a source. */
  revoke(userId: string, sourceId: string, perms?: SimPermission[]): void {
    const meta = this.requireUserMeta(userId);
    if (!perms) {
      meta.permissions.delete(sourceId);
      return;
    }
    const set = meta.permissions.get(sourceId);
    if (set) for (const p of perms) set.delete(p);
  }

  can(userId: string, sourceId: string, perm: SimPermission): boolean {
    return this.userMeta.get(userId)?.permissions.get(sourceId)?.has(perm) ?? false;
  }

  /** Replaces a user's permissions on one source (an empty list removes them all). */
  setPermissions(userId: string, sourceId: string, perms: SimPermission[]): void {
    const meta = this.requireUserMeta(userId);
    if (perms.length === 0) meta.permissions.delete(sourceId);
    else meta.permissions.set(sourceId, new Set(perms));
  }

  /** source id -> permission names, as GET /users/{id}/sources_permissions renders them. */
  permissionsOf(userId: string): Record<string, string[]> {
    const meta = this.requireUserMeta(userId);
    const out: Record<string, string[]> = {};
    for (const [sourceId, perms] of meta.permissions) if (perms.size > 0) out[sourceId] = [...perms];
    return out;
  }

  createAccessToken(
    userId: string,
    token: string = newToken(),
    name = "API access token",
    createdBy: string = userId,
  ): SimAccessToken {
    this.requireUserMeta(userId);
    const record: SimAccessToken = { id: newId(), token, name, userId, createdBy, created_at: nowIso() };
    this.accessTokens.set(token, record);
    return record;
  }

  userForToken(token: string): SimUser | undefined {
    const record = this.accessTokens.get(token);
    return record ? this.users.get(record.userId) : undefined;
  }

  private requireUserMeta(userId: string): SimUserMeta {
    const meta = this.userMeta.get(userId);
    if (!meta) throw new Error(`simulator: unknown user ${userId}`);
    return meta;
  }

  // ---------- identities ----------

  createIdentity(
    seed: Partial<SimIdentity> & { community_id: string },
    meta: Partial<SimIdentityMeta> = {},
  ): SimIdentity {
    const now = nowIso();
    const screenname = seed.screenname ?? null;
    const identity: SimIdentity = {
      id: seed.id ?? newId(),
      foreign_id: seed.foreign_id ?? null,
      uuid: seed.uuid ?? newUuid(),
      type: seed.type ?? this.identityType,
      screenname,
      display_name: seed.display_name ?? screenname,
      firstname: seed.firstname ?? null,
      lastname: seed.lastname ?? null,
      email: seed.email ?? null,
      home_phone: seed.home_phone ?? null,
      mobile_phone: seed.mobile_phone ?? null,
      gender: seed.gender ?? null,
      company: seed.company ?? null,
      avatar_url: seed.avatar_url ?? null,
      community_id: seed.community_id,
      community_url: seed.community_url ?? null,
      identity_group_id: seed.identity_group_id ?? null,
      extra_values: { ...(seed.extra_values ?? {}) },
      user_ids: [...(seed.user_ids ?? [])],
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.identities.set(identity.id, identity);
    this.identityMeta.set(identity.id, {
      puppetizable: meta.puppetizable ?? false,
      controlled: meta.controlled ?? false,
    });
    for (const userId of identity.user_ids) {
      const user = this.users.get(userId);
      if (user && !user.identity_ids.includes(identity.id)) user.identity_ids.push(identity.id);
    }
    if (identity.identity_group_id) {
      const group = this.identityGroups.get(identity.identity_group_id);
      if (group && !group.identity_ids.includes(identity.id)) group.identity_ids.push(identity.id);
    }
    return identity;
  }

  findIdentityByForeignId(communityId: string, foreignId: string): SimIdentity | undefined {
    for (const identity of this.identities.values()) {
      if (identity.community_id === communityId && identity.foreign_id === foreignId) return identity;
    }
    return undefined;
  }

  createIdentityGroup(seed: Partial<SimIdentityGroup> = {}): SimIdentityGroup {
    const now = nowIso();
    const group: SimIdentityGroup = {
      id: seed.id ?? newId(),
      firstname: seed.firstname ?? null,
      lastname: seed.lastname ?? null,
      company: seed.company ?? null,
      gender: seed.gender ?? null,
      avatar_url: seed.avatar_url ?? null,
      emails: [...(seed.emails ?? [])],
      home_phones: [...(seed.home_phones ?? [])],
      mobile_phones: [...(seed.mobile_phones ?? [])],
      notes: seed.notes ?? null,
      tag_ids: [...(seed.tag_ids ?? [])],
      identity_ids: [...(seed.identity_ids ?? [])],
      custom_field_values: { ...(seed.custom_field_values ?? {}) },
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.identityGroups.set(group.id, group);
    for (const identityId of group.identity_ids) {
      const identity = this.identities.get(identityId);
      if (identity) identity.identity_group_id = group.id;
    }
    return group;
  }

  /** Puts an identity into a group (creating the group when `groupId` is omitted). */
  attachIdentityToGroup(identityId: string, groupId?: string): SimIdentityGroup {
    const identity = this.identities.get(identityId);
    if (!identity) throw new Error(`simulator: unknown identity ${identityId}`);
    const group = groupId ? this.identityGroups.get(groupId) : this.createIdentityGroup();
    if (!group) throw new Error(`simulator: unknown identity group ${groupId}`);
    identity.identity_group_id = group.id;
    if (!group.identity_ids.includes(identity.id)) group.identity_ids.push(identity.id);
    return group;
  }

  // ---------- threads, contents ----------

  createThread(seed: Partial<SimThread> & { source_id: string }): SimThread {
    const now = nowIso();
    const thread: SimThread = {
      id: seed.id ?? newId(),
      source_id: seed.source_id,
      foreign_id: seed.foreign_id ?? null,
      title: seed.title ?? null,
      closed: seed.closed ?? false,
      category_ids: [],
      thread_category_ids: [
        ...(seed.thread_category_ids ?? this.sources.get(seed.source_id)?.default_category_ids ?? []),
      ],
      interventions_count: 0,
      contents_count: 0,
      extra_data: { ...(seed.extra_data ?? {}) },
      last_content_at: seed.last_content_at ?? null,
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.threads.set(thread.id, thread);
    this.refreshThread(thread.id);
    return thread;
  }

  findThreadByForeignId(sourceId: string, foreignId: string): SimThread | undefined {
    for (const thread of this.threads.values()) {
      if (thread.source_id === sourceId && thread.foreign_id === foreignId) return thread;
    }
    return undefined;
  }

  createContent(
    seed: Partial<SimContent> & { thread_id: string },
    meta: Partial<SimContentMeta> = {},
  ): SimContent {
    const thread = this.threads.get(seed.thread_id);
    if (!thread) throw new Error(`simulator: unknown thread ${seed.thread_id}`);
    const source = this.sources.get(thread.source_id);
    const now = nowIso();
    const format = seed.body_input_format ?? "text";
    const body = seed.body ?? "";
    const existing = this.threadContents(thread.id);
    const author = seed.author_id ? this.identities.get(seed.author_id) : undefined;
    const inReplyTo = seed.in_reply_to_id ? this.contents.get(seed.in_reply_to_id) : undefined;
    const content: SimContent = {
      id: seed.id ?? newId(),
      source_id: thread.source_id,
      source_type: seed.source_type ?? source?.type ?? "sdk",
      source_url: seed.source_url ?? null,
      thread_id: thread.id,
      author_id: seed.author_id ?? null,
      creator_id: seed.creator_id ?? null,
      foreign_id: seed.foreign_id ?? null,
      type: seed.type ?? "message",
      created_from: seed.created_from ?? "synchronizer",
      private_message: seed.private_message ?? false,
      status: seed.status ?? "new",
      intervention_id: seed.intervention_id ?? null,
      language: seed.language ?? null,
      title: seed.title ?? null,
      body,
      body_formatted: seed.body_formatted ?? formatBody(body, format),
      body_input_format: format,
      attachments: [...(seed.attachments ?? [])],
      attachments_count: seed.attachments?.length ?? 0,
      ...(seed.structured_content ? { structured_content: seed.structured_content } : {}),
      ...(seed.structured_reply ? { structured_reply: seed.structured_reply } : {}),
      synchronization_status: seed.synchronization_status ?? "success",
      synchronization_error: seed.synchronization_error ?? null,
      category_ids: [],
      first_in_thread: seed.first_in_thread ?? existing.length === 0,
      in_reply_to_id: seed.in_reply_to_id ?? null,
      in_reply_to_author_id: seed.in_reply_to_author_id ?? inReplyTo?.author_id ?? null,
      identity_group_id: author?.identity_group_id ?? null,
      approval_required: seed.approval_required ?? false,
      published: seed.published ?? true,
      remotely_deleted: seed.remotely_deleted ?? false,
      auto_submitted: seed.auto_submitted ?? false,
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    if (seed.context_data) content.context_data = { ...seed.context_data };
    if (seed.foreign_categories) content.foreign_categories = [...seed.foreign_categories];
    this.contents.set(content.id, content);
    this.contentMeta.set(content.id, {
      ownCategoryIds: [...(meta.ownCategoryIds ?? seed.category_ids ?? [])],
      fromAgent: meta.fromAgent ?? false,
      readAt: meta.readAt ?? null,
    });
    this.refreshThread(thread.id);
    return content;
  }

  findContentByForeignId(sourceId: string, foreignId: string): SimContent | undefined {
    for (const content of this.contents.values()) {
      if (content.source_id === sourceId && content.foreign_id === foreignId) return content;
    }
    return undefined;
  }

  threadContents(threadId: string): SimContent[] {
    return [...this.contents.values()].filter((c) => c.thread_id === threadId).sort(byCreated);
  }

  threadInterventions(threadId: string): SimIntervention[] {
    return [...this.interventions.values()].filter((i) => i.thread_id === threadId).sort(byCreated);
  }

  /** The newest intervention of a thread that is not closed, if any. */
  openIntervention(threadId: string): SimIntervention | undefined {
    return this.threadInterventions(threadId)
      .reverse()
      .find((i) => !i.closed);
  }

  /**
   * Recomputes the derived fields of a thread and its contents: counters, last_content_at, the
   * contents' effective category_ids (own, else intervention's, else thread's) and the thread's
   * aggregated category_ids.
   */
  refreshThread(threadId: string): void {
    const thread = this.threads.get(threadId);
    if (!thread) return;
    const contents = this.threadContents(threadId);
    const interventions = this.threadInterventions(threadId);
    thread.contents_count = contents.length;
    thread.interventions_count = interventions.length;
    const last = contents[contents.length - 1];
    if (last && (thread.last_content_at === null || last.created_at > thread.last_content_at)) {
      thread.last_content_at = last.created_at;
    }
    const aggregated = new Set(thread.thread_category_ids);
    for (const content of contents) {
      const own = this.contentMeta.get(content.id)?.ownCategoryIds ?? [];
      const intervention = content.intervention_id
        ? this.interventions.get(content.intervention_id)
        : undefined;
      if (own.length > 0) content.category_ids = [...own];
      else if (intervention && intervention.category_ids.length > 0)
        content.category_ids = [...intervention.category_ids];
      else content.category_ids = [...thread.thread_category_ids];
      for (const id of own) aggregated.add(id);
      const author = content.author_id ? this.identities.get(content.author_id) : undefined;
      content.identity_group_id = author?.identity_group_id ?? null;
    }
    for (const intervention of interventions) for (const id of intervention.category_ids) aggregated.add(id);
    thread.category_ids = uniq(aggregated);
  }

  // ---------- interventions, tasks ----------

  createIntervention(seed: Partial<SimIntervention> & { thread_id: string }): SimIntervention {
    const thread = this.threads.get(seed.thread_id);
    if (!thread) throw new Error(`simulator: unknown thread ${seed.thread_id}`);
    const now = nowIso();
    const firstCustomer = this.threadContents(thread.id)
      .reverse()
      .find((c) => !this.contentMeta.get(c.id)?.fromAgent);
    const identity = firstCustomer?.author_id ? this.identities.get(firstCustomer.author_id) : undefined;
    const intervention: SimIntervention = {
      id: seed.id ?? newId(),
      thread_id: thread.id,
      content_id: seed.content_id ?? firstCustomer?.id ?? null,
      source_id: thread.source_id,
      identity_id: seed.identity_id ?? identity?.id ?? null,
      identity_group_id: seed.identity_group_id ?? identity?.identity_group_id ?? null,
      user_id: seed.user_id ?? null,
      category_ids: [...(seed.category_ids ?? thread.thread_category_ids)],
      closed: seed.closed ?? false,
      closed_at: seed.closed_at ?? null,
      deferred_at: seed.deferred_at ?? null,
      status: seed.status ?? (seed.closed ? "Closed" : "Open"),
      custom_fields: { ...(seed.custom_fields ?? {}) },
      comments_count: seed.comments_count ?? 0,
      user_replies_count: seed.user_replies_count ?? 0,
      first_user_reply_id: seed.first_user_reply_id ?? null,
      first_user_reply_in: seed.first_user_reply_in ?? null,
      first_user_reply_in_bh: seed.first_user_reply_in_bh ?? null,
      last_user_reply_in: seed.last_user_reply_in ?? null,
      last_user_reply_in_bh: seed.last_user_reply_in_bh ?? null,
      user_reply_in_average: seed.user_reply_in_average ?? null,
      user_reply_in_average_bh: seed.user_reply_in_average_bh ?? null,
      user_reply_in_average_count: seed.user_reply_in_average_count ?? 0,
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.interventions.set(intervention.id, intervention);
    this.refreshThread(thread.id);
    return intervention;
  }

  createTask(seed: Partial<SimTask> & { queue?: string } = {}): SimTask {
    const now = nowIso();
    const thread = seed.thread_id ? this.threads.get(seed.thread_id) : undefined;
    const source = thread ? this.sources.get(thread.source_id) : undefined;
    const task: SimTask = {
      id: seed.id ?? newId(),
      thread_id: seed.thread_id ?? null,
      intervention_id: seed.intervention_id ?? null,
      content_id: seed.content_id ?? null,
      channel_id: seed.channel_id ?? source?.channel_id ?? null,
      agent_ids: [...(seed.agent_ids ?? [])],
      priority: seed.priority ?? source?.default_task_priority ?? 0,
      step: seed.step ?? null,
      created_at: seed.created_at ?? now,
      accepted_at: seed.accepted_at ?? null,
      locked_at: seed.locked_at ?? null,
      expire_at: seed.expire_at ?? null,
      transfered_at: seed.transfered_at ?? null,
      completed_at: seed.completed_at ?? null,
      updated_at: seed.updated_at ?? now,
    };
    this.tasks.set(task.id, task);
    this.taskMeta.set(task.id, { queue: seed.queue ?? "global" });
    return task;
  }

  taskQueue(taskId: string): string {
    return this.taskMeta.get(taskId)?.queue ?? "global";
  }

  setTaskQueue(taskId: string, queue: string): void {
    const meta = this.taskMeta.get(taskId);
    if (meta) meta.queue = queue;
  }

  // ---------- agent status ----------

  setAgentStatus(agentId: string, input: AgentStatusInput = {}): SimAgentStatus {
    if (!this.users.has(agentId)) throw new Error(`simulator: unknown agent ${agentId}`);
    const previous = this.agentStatuses.get(agentId);
    const defaultStatus: SimChannelState = input.status === undefined ? "available" : input.status;
    const defaultBusyness: SimBusyness = input.busyness ?? "unoccupied";
    const channels = [...this.channels.values()].map((channel) => {
      const given = input.channels?.find((c) => c.id === channel.id);
      const before = previous?.channels.find((c) => c.id === channel.id);
      if (input.channels && !given) {
        return (
          before ?? {
            id: channel.id,
            name: channel.name,
            status: null,
            busyness: "unoccupied" as SimBusyness,
          }
        );
      }
      return {
        id: channel.id,
        name: channel.name,
        status: given?.status === undefined ? defaultStatus : given.status,
        busyness: given?.busyness ?? defaultBusyness,
      };
    });
    const record: SimAgentStatus = {
      agent_id: agentId,
      channels,
      custom_status:
        input.customStatusId === undefined
          ? (previous?.custom_status ?? null)
          : input.customStatusId === null
            ? null
            : { id: input.customStatusId },
    };
    this.agentStatuses.set(agentId, record);
    this.agentStatusMeta.set(agentId, { connected: input.connected ?? true });
    return record;
  }

  isConnected(agentId: string): boolean {
    return (this.agentStatuses.has(agentId) && this.agentStatusMeta.get(agentId)?.connected) ?? false;
  }

  // ---------- webhooks ----------

  createWebhook(
    seed: Partial<SimWebhook> & { url: string },
    secret: string | null,
    tokenId: string,
  ): SimWebhook {
    const now = nowIso();
    const webhook: SimWebhook = {
      id: seed.id ?? newId(),
      ...(seed.name !== undefined ? { name: seed.name } : {}),
      url: seed.url,
      active: seed.active ?? true,
      staging_use: seed.staging_use ?? false,
      registered_events: [...(seed.registered_events ?? [])],
      verify_token: seed.verify_token ?? null,
      webhook_status: seed.webhook_status ?? "ok",
      api_access_token: seed.api_access_token ?? {
        id: tokenId,
        created_at: now,
        updated_at: now,
      },
    };
    checkWebhookSecret(secret);
    this.webhooks.set(webhook.id, webhook);
    this.webhookMeta.set(webhook.id, { secret, tokenId });
    return webhook;
  }
}

/**
 * A webhook secret: ASCII only and fewer than 256 characters, no minimum (webhooks/create.md
 * "Fields", Secret). null or "" = no secret (no X-Dimelo-Secret header).
 */
export function checkWebhookSecret(secret: string | null): void {
  if (secret === null) return;
  if ([...secret].some((c) => c.charCodeAt(0) > 0x7f))
    throw new Error("simulator: a webhook secret must be ASCII only");
  if (secret.length >= 256) throw new Error("simulator: a webhook secret must be fewer than 256 characters");
}

// ---------- seeding ----------

export interface SeedOptions {
  communityId?: string;
  sourceId?: string;
  sourceName?: string;
  /** Source `type` (the exact value real RCE uses for Channel SDK sources is UNCONFIRMED). Default "sdk". */
  sourceType?: string;
  realtimeAccessToken?: string;
  channelId?: string;
  channelName?: string;
  parentCategoryId?: string;
  botCategoryId?: string;
  agentCategoryId?: string;
  apiAccessToken?: string;
  agentUserId?: string;
  secondAgentUserId?: string;
  webhookId?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  webhookVerifyToken?: string;
  /**
   * Identities that exist before the test starts, already made Controlled and assigned to agents by
   * an admin (setup step 7, quick-start.md "User Management"): e.g. the integration's own puppet
   * identity `{foreignId: "cognigy-agent", userIds: [<agent>]}`. Default userIds: the second agent.
   */
  controlledIdentities?: { foreignId: string; screenname?: string; userIds?: string[] }[];
  /** Name of the seeded webhook; null = created without a name (optional in the API). */
  webhookName?: string | null;
  baseUri?: string;
}

/** Everything the default seed created, as exposed on `sim.defaults`. */
export interface SimulatorDefaults {
  communityId: string;
  sourceId: string;
  sourceName: string;
  realtimeAccessToken: string;
  channelId: string;
  parentCategoryId: string;
  botCategoryId: string;
  agentCategoryId: string;
  apiAccessToken: string;
  apiAccessTokenId: string;
  /** The agent the REST API access token belongs to (read + reply on the source). */
  agentUserId: string;
  /** A second human agent (read + reply on the source, Agent category skill). */
  secondAgentUserId: string;
  webhookId: string;
  webhookUrl: string;
  webhookSecret: string;
  webhookVerifyToken: string;
}

export function seedDefaults(store: SimStore, options: SeedOptions, secret: () => string): SimulatorDefaults {
  const community = store.createCommunity({ id: options.communityId, name: "Cognigy SDK", type: "sdk" });
  store.identityType = options.sourceType ?? "sdk";
  const parent = store.createCategory({ id: options.parentCategoryId, name: "Cognigy", unselectable: true });
  const bot = store.createCategory({ id: options.botCategoryId, name: "Bot", parent_id: parent.id });
  const agent = store.createCategory({ id: options.agentCategoryId, name: "Agent", parent_id: parent.id });
  const source = store.createSource(
    {
      id: options.sourceId,
      name: options.sourceName ?? "Cognigy SDK",
      type: options.sourceType ?? "sdk",
      community_id: community.id,
      default_category_ids: [bot.id],
    },
    { realtimeAccessToken: options.realtimeAccessToken ?? newToken(), baseUri: options.baseUri ?? null },
  );
  parent.source_ids = [source.id];
  const channel = store.createChannel({
    id: options.channelId,
    name: options.channelName ?? "Messaging",
    source_ids: [source.id],
  });
  const apiUser = store.createUser({
    id: options.agentUserId,
    firstname: "Cognigy",
    lastname: "Integration",
    email: "cognigy.integration@example.com",
    permissions: { [source.id]: ["read", "reply"] },
    monitorTasks: true,
    viewUsers: true,
    manageApiAccessTokens: true,
  });
  const second = store.createUser({
    id: options.secondAgentUserId,
    firstname: "Alice",
    lastname: "Martin",
    email: "alice.martin@example.com",
    category_ids: [agent.id],
    permissions: { [source.id]: ["read", "reply"] },
    monitorTasks: false,
    viewUsers: false,
  });
  const token = store.createAccessToken(apiUser.id, options.apiAccessToken ?? newToken(), "Cognigy handover");
  for (const seed of options.controlledIdentities ?? []) {
    store.createIdentity(
      {
        community_id: community.id,
        foreign_id: seed.foreignId,
        screenname: seed.screenname ?? seed.foreignId,
        user_ids: seed.userIds ?? [second.id],
      },
      { puppetizable: true, controlled: true },
    );
  }
  const webhookSecret = options.webhookSecret ?? secret();
  const webhookVerifyToken = options.webhookVerifyToken ?? secret();
  const webhookUrl = options.webhookUrl ?? "http://127.0.0.1:9/handover/rce";
  const webhook = store.createWebhook(
    {
      id: options.webhookId,
      ...(options.webhookName === null ? {} : { name: options.webhookName ?? "Cognigy handover" }),
      url: webhookUrl,
      active: true,
      // As setup step 5 (docs/rce-setup.md) sets it up.
      registered_events: [...CONSUMED_WEBHOOK_EVENT_TYPES],
      verify_token: webhookVerifyToken,
      api_access_token: {
        id: token.id,
        created_at: token.created_at,
        updated_at: token.created_at,
      },
    },
    webhookSecret,
    token.id,
  );
  return {
    communityId: community.id,
    sourceId: source.id,
    sourceName: source.name,
    realtimeAccessToken: store.sourceToken(source.id) ?? "",
    channelId: channel.id,
    parentCategoryId: parent.id,
    botCategoryId: bot.id,
    agentCategoryId: agent.id,
    apiAccessToken: token.token,
    apiAccessTokenId: token.id,
    agentUserId: apiUser.id,
    secondAgentUserId: second.id,
    webhookId: webhook.id,
    webhookUrl,
    webhookSecret,
    webhookVerifyToken,
  };
}
