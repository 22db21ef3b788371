/** /interventions: list, show, create, close (403/409 caveats), cancel, update_categories, custom fields. */

import { jsonResponse, notFound, pageResponse, RestError, sortByDate } from "../http";
import { nowIso } from "../ids";
import { getArray, getHash, getString } from "../params";
import type { SimIntervention } from "../types";
import { clone, pathId, type RestContext, type RestRoute, readableSourceIds, requireRead } from "./context";

function statusMatches(i: SimIntervention, status: string): boolean {
  switch (status) {
    case "active":
      return !i.closed && i.deferred_at === null;
    case "closed":
      return i.closed;
    case "deferred":
      return !i.closed && i.deferred_at !== null;
    case "opened":
      return !i.closed;
    case "reopened":
      return !i.closed && i.status === "Reopened";
    default:
      return true;
  }
}

function listInterventions(ctx: RestContext) {
  const readable = readableSourceIds(ctx);
  const threadId = getString(ctx.params, "thread_id");
  const userId = getString(ctx.params, "user_id");
  const groupId = getString(ctx.params, "identity_group_id");
  const identityIds = getArray(ctx.params, "identity_id");
  const status = getString(ctx.params, "status");
  const matching = [...ctx.store.interventions.values()].filter(
    (i) =>
      readable.has(i.source_id) &&
      (threadId === undefined || i.thread_id === threadId) &&
      (userId === undefined || i.user_id === userId) &&
      (groupId === undefined || i.identity_group_id === groupId) &&
      (identityIds === undefined || identityIds.length === 0 || identityIds.includes(i.identity_id ?? "")) &&
      (status === undefined || statusMatches(i, status)),
  );
  const sortField = getString(ctx.params, "sort") === "updated_at" ? "updated_at" : "created_at";
  const sorted = sortByDate(matching, (i) => i[sortField], "desc");
  return pageResponse(ctx.params, sorted.map(clone));
}

function findIntervention(ctx: RestContext): SimIntervention {
  const intervention = ctx.store.interventions.get(pathId(ctx));
  if (!intervention) throw notFound("Intervention");
  requireRead(ctx, intervention.source_id, "Intervention");
  return intervention;
}

function createIntervention(ctx: RestContext) {
  const contentId = getString(ctx.params, "content_id");
  if (!contentId) throw new RestError(422, "invalid_content", "content_id is required");
  const content = ctx.store.contents.get(contentId);
  if (!content) throw notFound("Content");
  requireRead(ctx, content.source_id, "Content");
  const open = ctx.store.openIntervention(content.thread_id);
  if (open)
    throw new RestError(
      422,
      "intervention_already_opened",
      "An intervention is already opened on this thread",
    );
  const last = ctx.store.threadInterventions(content.thread_id).pop();
  if (last?.closed && last.user_id === ctx.user.id) {
    last.closed = false;
    last.closed_at = null;
    last.status = "Reopened";
    last.updated_at = nowIso();
    ctx.domain.emit([ctx.domain.interventionEvent("intervention.reopened", last, ctx.user.id)]);
    return jsonResponse(200, clone(last));
  }
  const { intervention } = ctx.domain.engage(content.thread_id, ctx.user.id);
  return jsonResponse(200, clone(intervention));
}

/**
 * PUT /interventions/{id}/close (spec "Closing an intervention"): 409 while a close runs; 403 when
 * already closed, without agent replies, not owned (without the edit right) or without read access
 * on the source.
 */
async function closeIntervention(ctx: RestContext) {
  const intervention = ctx.store.interventions.get(pathId(ctx));
  if (!intervention) throw notFound("Intervention");
  const closing = `close:${intervention.id}`;
  if (ctx.domain.locks.has(closing)) {
    throw new RestError(409, "already_closing", "Intervention is already being closed");
  }
  if (intervention.closed) throw new RestError(403, "forbidden", "Intervention is already closed");
  if (intervention.user_replies_count === 0) {
    throw new RestError(403, "forbidden", "Intervention can't be closed without agent replies");
  }
  const manage = ctx.store.userMeta.get(ctx.user.id)?.manageInterventions ?? false;
  if (intervention.user_id !== ctx.user.id && !manage) {
    throw new RestError(403, "forbidden", "You are not the owner of this intervention");
  }
  if (!ctx.store.can(ctx.user.id, intervention.source_id, "read")) {
    throw new RestError(403, "forbidden", "You have no read access on the intervention's source");
  }
  const closed = await ctx.domain.withLock(
    closing,
    ctx.domain.settings.interventionClosingMs,
    new RestError(409, "already_closing", "Intervention is already being closed"),
    () => clone(ctx.domain.closeIntervention(intervention, ctx.user.id)),
  );
  return jsonResponse(200, closed);
}

async function cancelIntervention(ctx: RestContext) {
  const intervention = findIntervention(ctx);
  const canceling = `cancel:${intervention.id}`;
  if (ctx.domain.locks.has(canceling)) {
    throw new RestError(409, "already_canceling", "Intervention is already being canceled");
  }
  if (intervention.closed) throw new RestError(403, "forbidden", "Intervention is already closed");
  if (intervention.user_replies_count > 0) {
    throw new RestError(403, "forbidden", "Intervention can't be canceled because it has agent replies");
  }
  const canceled = await ctx.domain.withLock(
    canceling,
    ctx.domain.settings.interventionCancelingMs,
    new RestError(409, "already_canceling", "Intervention is already being canceled"),
    () => clone(ctx.domain.cancelIntervention(intervention, ctx.user.id)),
  );
  return jsonResponse(200, canceled);
}

function categorizeIntervention(ctx: RestContext) {
  const intervention = findIntervention(ctx);
  const ids = getArray(ctx.params, "category_ids");
  if (ids === undefined) throw new RestError(422, "invalid_category", "category_ids is required");
  const unknown = ids.filter((id) => !ctx.store.categories.has(id));
  if (unknown.length > 0)
    throw new RestError(422, "invalid_category", `Unknown category id(s): ${unknown.join(", ")}`);
  intervention.category_ids = [...new Set(ids)];
  intervention.updated_at = nowIso();
  ctx.store.refreshThread(intervention.thread_id);
  ctx.domain.emit([ctx.domain.interventionEvent("intervention.recategorized", intervention, ctx.user.id)]);
  return jsonResponse(200, clone(intervention));
}

function updateIntervention(ctx: RestContext) {
  const intervention = findIntervention(ctx);
  const values = getHash(ctx.params, "custom_field_values");
  if (values) {
    // Only fields an admin defined for interventions (GET /custom_fields); RCE names the others.
    const known = new Set(
      [...ctx.store.customFields.values()]
        .filter((f) => f.associated_type_name === "Intervention")
        .map((f) => f.key),
    );
    const unknown = Object.keys(values).filter((key) => !known.has(key));
    if (unknown.length > 0)
      throw new RestError(422, "invalid_custom_field", `Unknown custom field(s): ${unknown.join(", ")}`);
    intervention.custom_fields = { ...intervention.custom_fields, ...values };
    intervention.updated_at = nowIso();
    ctx.domain.emit([
      ctx.domain.interventionEvent("intervention.custom_fields_updated", intervention, ctx.user.id),
    ]);
  }
  return jsonResponse(200, clone(intervention));
}

export const interventionRoutes: RestRoute[] = [
  { method: "GET", pattern: /^\/interventions$/, handler: listInterventions, schema: "Intervention" },
  { method: "POST", pattern: /^\/interventions$/, handler: createIntervention, schema: "Intervention" },
  {
    method: "GET",
    pattern: /^\/interventions\/(?<id>[^/]+)$/,
    handler: (ctx) => jsonResponse(200, clone(findIntervention(ctx))),
    schema: "Intervention",
  },
  {
    method: "PUT",
    pattern: /^\/interventions\/(?<id>[^/]+)$/,
    handler: updateIntervention,
    schema: "Intervention",
  },
  {
    method: "PUT",
    pattern: /^\/interventions\/(?<id>[^/]+)\/close$/,
    handler: closeIntervention,
    schema: "Intervention",
  },
  {
    method: "DELETE",
    pattern: /^\/interventions\/(?<id>[^/]+)\/cancel$/,
    handler: cancelIntervention,
    schema: "Intervention",
  },
  {
    method: "PUT",
    pattern: /^\/interventions\/(?<id>[^/]+)\/update_categories$/,
    handler: categorizeIntervention,
    schema: "Intervention",
  },
];
