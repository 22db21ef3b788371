/** Agents and routing: /users, /status (connected agents only), /tasks (queues). */

import { jsonResponse, notFound, pageResponse, RestError, sortByDate } from "../http";
import { getArray, getString } from "../params";
import { type SimPermission, type SimTask, type SimUser, SOURCE_PERMISSIONS } from "../types";
import { clone, pathId, type RestContext, type RestRoute, requireMonitor } from "./context";

/** "Authorization: only users that can view users" (spec, GET /users and sources_permissions). */
function requireViewUsers(ctx: RestContext): void {
  if (!ctx.store.userMeta.get(ctx.user.id)?.viewUsers) {
    throw new RestError(403, "forbidden", "You are not allowed to view users");
  }
}

function listUsers(ctx: RestContext) {
  requireViewUsers(ctx);
  const p = ctx.params;
  const email = getString(p, "email");
  const categoryId = getString(p, "category_id");
  const identityId = getString(p, "identity_id");
  const externalId = getString(p, "external_id");
  const roleId = getString(p, "role_id");
  const teamId = getString(p, "team_id");
  const matching = [...ctx.store.users.values()].filter(
    (u) =>
      (email === undefined || u.email === email) &&
      (categoryId === undefined || u.category_ids.includes(categoryId)) &&
      (identityId === undefined || u.identity_ids.includes(identityId)) &&
      (externalId === undefined || u.external_id === externalId) &&
      (roleId === undefined || u.role_id === roleId) &&
      (teamId === undefined || u.team_ids.includes(teamId)),
  );
  return pageResponse(p, sortByDate(matching, (u) => u.created_at, "desc").map(clone));
}

function showUser(ctx: RestContext) {
  const id = pathId(ctx);
  const user: SimUser | undefined = id === "me" ? ctx.user : ctx.store.users.get(id);
  if (!user) throw notFound("User");
  return jsonResponse(200, clone(user));
}

function targetUser(ctx: RestContext): SimUser {
  requireViewUsers(ctx);
  const id = pathId(ctx);
  const user = id === "me" ? ctx.user : ctx.store.users.get(id);
  if (!user) throw notFound("User");
  return user;
}

/** GET /users/{id}/sources_permissions: `{"<source id>": ["read", "reply", ...]}`. */
function showSourcesPermissions(ctx: RestContext) {
  const user = targetUser(ctx);
  return jsonResponse(200, ctx.store.permissionsOf(user.id));
}

/**
 * PUT /users/{id}/sources_permissions?<source id>=read,reply: each parameter named by a source id
 * replaces the user's permissions on that source (an empty value removes them). Unknown sources or
 * permission names answer 422 and change nothing.
 */
function updateSourcesPermissions(ctx: RestContext) {
  const user = targetUser(ctx);
  const updates: [string, SimPermission[]][] = [];
  for (const [name, value] of ctx.params) {
    if (name === "access_token") continue;
    if (!ctx.store.sources.has(name)) {
      throw new RestError(422, "invalid_source", `Unknown source id ${JSON.stringify(name)}`);
    }
    if (typeof value !== "string") {
      throw new RestError(422, "invalid_permissions", `${name} must be a comma-separated list`);
    }
    const perms = value
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const unknown = perms.filter((p) => !(SOURCE_PERMISSIONS as readonly string[]).includes(p));
    if (unknown.length > 0) {
      throw new RestError(422, "invalid_permissions", `Unknown permission(s): ${unknown.join(", ")}`);
    }
    updates.push([name, [...new Set(perms)] as SimPermission[]]);
  }
  for (const [sourceId, perms] of updates) ctx.store.setPermissions(user.id, sourceId, perms);
  return jsonResponse(200, ctx.store.permissionsOf(user.id));
}

const intersects = (a: string[], b: string[]): boolean => a.some((x) => b.includes(x));

function listStatus(ctx: RestContext) {
  requireMonitor(ctx);
  const p = ctx.params;
  const sourceIds = getArray(p, "source_ids") ?? [];
  const categoryIds = getArray(p, "category_ids") ?? [];
  const teamIds = getArray(p, "team_ids") ?? [];
  const languages = getArray(p, "spoken_languages") ?? [];
  const out = [];
  for (const [agentId, status] of ctx.store.agentStatuses) {
    if (!ctx.store.isConnected(agentId)) continue;
    const user = ctx.store.users.get(agentId);
    if (!user) continue;
    if (sourceIds.length > 0 && !sourceIds.some((s) => ctx.store.can(agentId, s, "reply"))) continue;
    if (categoryIds.length > 0 && !intersects(user.category_ids, categoryIds)) continue;
    if (teamIds.length > 0 && !intersects(user.team_ids, teamIds)) continue;
    if (languages.length > 0 && !intersects(user.spoken_languages, languages)) continue;
    out.push(clone(status));
  }
  // A plain array, not a paged envelope (GET /status returns AgentStatus[]).
  return jsonResponse(200, out);
}

function showStatus(ctx: RestContext) {
  const agentId = pathId(ctx);
  if (agentId !== ctx.user.id) requireMonitor(ctx);
  if (!ctx.store.users.has(agentId)) throw new RestError(404, "not_found", "User not found");
  const status = ctx.store.agentStatuses.get(agentId);
  if (!status || !ctx.store.isConnected(agentId))
    throw new RestError(404, "disconnected", "User is not connected");
  return jsonResponse(200, clone(status));
}

function queueMatches(queue: string, wanted: string): boolean {
  if (wanted === "workbins") return queue.startsWith("workbin_");
  return queue === wanted;
}

/** Ordered by priority (highest first), then creation date (latest first), as documented. */
function listTasks(ctx: RestContext) {
  requireMonitor(ctx);
  const queue = getString(ctx.params, "queue") || "global";
  const channelId = getString(ctx.params, "channel_id");
  const step = getString(ctx.params, "step");
  const matching = [...ctx.store.tasks.values()].filter(
    (t) =>
      queueMatches(ctx.store.taskQueue(t.id), queue) &&
      (channelId === undefined || t.channel_id === channelId) &&
      (step === undefined || t.step === step),
  );
  const sorted = sortByDate(matching, (t) => t.created_at, "desc").sort(
    (a: SimTask, b: SimTask) => b.priority - a.priority,
  );
  return pageResponse(ctx.params, sorted.map(clone));
}

function showTask(ctx: RestContext) {
  const task = ctx.store.tasks.get(pathId(ctx));
  if (!task) throw notFound("Task");
  return jsonResponse(200, clone(task));
}

export const routingRoutes: RestRoute[] = [
  { method: "GET", pattern: /^\/users$/, handler: listUsers, schema: "User" },
  { method: "GET", pattern: /^\/users\/(?<id>[^/]+)$/, handler: showUser, schema: "User" },
  {
    method: "GET",
    pattern: /^\/users\/(?<id>[^/]+)\/sources_permissions$/,
    handler: showSourcesPermissions,
  },
  {
    method: "PUT",
    pattern: /^\/users\/(?<id>[^/]+)\/sources_permissions$/,
    handler: updateSourcesPermissions,
  },
  { method: "GET", pattern: /^\/status$/, handler: listStatus, schema: "AgentStatus" },
  { method: "GET", pattern: /^\/status\/(?<id>[^/]+)$/, handler: showStatus, schema: "AgentStatus" },
  { method: "GET", pattern: /^\/tasks$/, handler: listTasks, schema: "Task" },
  { method: "GET", pattern: /^\/tasks\/(?<id>[^/]+)$/, handler: showTask, schema: "Task" },
];
