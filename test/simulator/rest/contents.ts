/** /contents: list with `q`, show, create (agent reply through the API), ignore, update_categories. */

import { jsonResponse, notFound, pageResponse, RestError, sortByDate } from "../http";
import { nowIso } from "../ids";
import { getArray, getBool, getString } from "../params";
import { parseQuery, termValues } from "../query";
import type { SimContent } from "../types";
import { clone, pathId, type RestContext, type RestRoute, readableSourceIds, requireRead } from "./context";

function contentMatches(content: SimContent, q: ReturnType<typeof parseQuery>): boolean {
  const anyOf = (keyword: string, value: string | null): boolean => {
    const wanted = termValues(q, keyword);
    const excluded = termValues(q, keyword, true);
    if (wanted.length > 0 && !wanted.includes(value ?? "\u0000")) return false;
    return !excluded.includes(value ?? "\u0000");
  };
  if (!anyOf("id", content.id)) return false;
  if (!anyOf("intervention", content.intervention_id)) return false;
  if (!anyOf("identity", content.author_id)) return false;
  if (!anyOf("identity_group", content.identity_group_id)) return false;
  if (!anyOf("source", content.source_id)) return false;
  if (!anyOf("thread", content.thread_id)) return false;
  const statuses = termValues(q, "status_in").flatMap((s) => s.split(","));
  if (statuses.length > 0 && !statuses.includes(content.status)) return false;
  const notStatuses = termValues(q, "status_in", true).flatMap((s) => s.split(","));
  if (notStatuses.includes(content.status)) return false;
  for (const text of termValues(q, "text")) {
    if (!content.body.toLowerCase().includes(text.toLowerCase())) return false;
  }
  return true;
}

function listContents(ctx: RestContext) {
  const readable = readableSourceIds(ctx);
  const q = parseQuery(getString(ctx.params, "q"));
  const matching = [...ctx.store.contents.values()].filter(
    (c) => readable.has(c.source_id) && contentMatches(c, q),
  );
  const sorted = sortByDate(matching, (c) => c.created_at, q.order?.direction ?? "desc");
  return pageResponse(ctx.params, sorted.map(clone));
}

function findContent(ctx: RestContext): SimContent {
  const content = ctx.store.contents.get(pathId(ctx));
  if (!content) throw notFound("Content");
  requireRead(ctx, content.source_id, "Content");
  return content;
}

/**
 * POST /contents as the token's user. Only replies are supported (Channel SDK compose needs `to`
 * and is out of scope): the in_reply_to content must be readable, its thread open and under an
 * open intervention. The content is pushed to the Base URI asynchronously, as documented.
 */
function createContent(ctx: RestContext) {
  const body = getString(ctx.params, "body");
  if (body === undefined || body.trim() === "")
    throw new RestError(422, "invalid_body", "Body can't be blank");
  const inReplyToId = getString(ctx.params, "in_reply_to_id");
  if (!inReplyToId) {
    const sourceId = getString(ctx.params, "source_id");
    if (!sourceId)
      throw new RestError(422, "invalid_source", "source_id is required when in_reply_to_id is absent");
    if (!ctx.store.sources.has(sourceId)) throw notFound("Source");
    throw new RestError(422, "compose_disabled_on_source", "Compose is not supported on this source");
  }
  const parent = ctx.store.contents.get(inReplyToId);
  if (!parent) throw notFound("Content");
  requireRead(ctx, parent.source_id, "Content");
  if (!ctx.store.can(ctx.user.id, parent.source_id, "reply")) {
    throw new RestError(403, "forbidden", "You are not allowed to reply on this source");
  }
  const thread = ctx.store.threads.get(parent.thread_id);
  if (!thread || thread.closed)
    throw new RestError(403, "cant_reply_to_closed_thread", "Can't reply to closed thread");
  const intervention = parent.intervention_id
    ? ctx.store.interventions.get(parent.intervention_id)
    : undefined;
  if (!intervention || intervention.closed) {
    throw new RestError(
      422,
      "not_under_open_intervention",
      "The content you reply to is not under an open intervention",
    );
  }
  const authorId = getString(ctx.params, "author_id");
  if (authorId && !ctx.store.identities.has(authorId))
    throw new RestError(422, "invalid_author", "Unknown author_id");
  const rec = ctx.domain.recordAgentReply(thread.id, body, {
    agentId: ctx.user.id,
    authorIdentityId: authorId,
    inReplyToId: parent.id,
    privateMessage: getBool(ctx.params, "private") ?? false,
    createdFrom: "api",
  });
  if (getBool(ctx.params, "auto_submitted")) rec.content.auto_submitted = true;
  const snapshot = clone(rec.content);
  ctx.domain.pushAgentReplyLater(rec);
  return jsonResponse(200, snapshot);
}

function ignoreContent(ctx: RestContext) {
  const content = findContent(ctx);
  content.status = "ignored";
  content.updated_at = nowIso();
  return jsonResponse(200, clone(content));
}

function categorizeContent(ctx: RestContext) {
  const content = findContent(ctx);
  const ids = getArray(ctx.params, "category_ids");
  if (ids === undefined) throw new RestError(422, "invalid_category", "category_ids is required");
  const unknown = ids.filter((id) => !ctx.store.categories.has(id));
  if (unknown.length > 0)
    throw new RestError(422, "invalid_category", `Unknown category id(s): ${unknown.join(", ")}`);
  const meta = ctx.store.contentMeta.get(content.id);
  if (meta) meta.ownCategoryIds = [...new Set(ids)];
  content.updated_at = nowIso();
  ctx.store.refreshThread(content.thread_id);
  return jsonResponse(200, clone(content));
}

export const contentRoutes: RestRoute[] = [
  { method: "GET", pattern: /^\/contents$/, handler: listContents, schema: "Content" },
  { method: "POST", pattern: /^\/contents$/, handler: createContent, schema: "Content" },
  {
    method: "GET",
    pattern: /^\/contents\/(?<id>[^/]+)$/,
    handler: (ctx) => jsonResponse(200, clone(findContent(ctx))),
    schema: "Content",
  },
  { method: "PUT", pattern: /^\/contents\/(?<id>[^/]+)\/ignore$/, handler: ignoreContent, schema: "Content" },
  {
    method: "PUT",
    pattern: /^\/contents\/(?<id>[^/]+)\/update_categories$/,
    handler: categorizeContent,
    schema: "Content",
  },
];
