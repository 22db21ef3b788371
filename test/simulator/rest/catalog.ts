/** Configuration objects: /categories, /content_sources, /channels, /communities, /webhooks. */

import { jsonResponse, notFound, pageResponse, RestError, sortByDate } from "../http";
import { getString } from "../params";
import type { SimPermission, SimWebhook } from "../types";
import { clone, pathId, type RestContext, type RestRoute } from "./context";

function listCategories(ctx: RestContext) {
  const ids = getString(ctx.params, "ids")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const parentId = getString(ctx.params, "parent_id");
  const matching = [...ctx.store.categories.values()].filter(
    (c) => (ids === undefined || ids.includes(c.id)) && (parentId === undefined || c.parent_id === parentId),
  );
  return pageResponse(ctx.params, sortByDate(matching, (c) => c.created_at, "asc").map(clone));
}

function showCategory(ctx: RestContext) {
  const category = ctx.store.categories.get(pathId(ctx));
  if (!category) throw notFound("Category");
  return jsonResponse(200, clone(category));
}

/** `permission` filters on read (the default) or initiate_discussion only (spec enum); else 400. */
function listSources(ctx: RestContext) {
  const permission = getString(ctx.params, "permission");
  if (permission !== undefined && permission !== "read" && permission !== "initiate_discussion") {
    throw new RestError(
      400,
      "invalid_parameter",
      `permission must be "read" or "initiate_discussion", got ${JSON.stringify(permission)}`,
    );
  }
  const active = getString(ctx.params, "active");
  const matching = [...ctx.store.sources.values()].filter(
    (s) =>
      (permission === undefined || ctx.store.can(ctx.user.id, s.id, permission as SimPermission)) &&
      (active === undefined || String(s.active) === active),
  );
  return pageResponse(ctx.params, sortByDate(matching, (s) => s.created_at, "asc").map(clone));
}

function showSource(ctx: RestContext) {
  const source = ctx.store.sources.get(pathId(ctx));
  if (!source) throw notFound("Source");
  return jsonResponse(200, clone(source));
}

function listChannels(ctx: RestContext) {
  return pageResponse(
    ctx.params,
    sortByDate([...ctx.store.channels.values()], (c) => c.created_at, "asc").map(clone),
  );
}

function showChannel(ctx: RestContext) {
  const channel = ctx.store.channels.get(pathId(ctx));
  if (!channel) throw notFound("Channel");
  return jsonResponse(200, clone(channel));
}

function listCommunities(ctx: RestContext) {
  return pageResponse(
    ctx.params,
    sortByDate([...ctx.store.communities.values()], (c) => c.created_at, "asc").map(clone),
  );
}

function showCommunity(ctx: RestContext) {
  const community = ctx.store.communities.get(pathId(ctx));
  if (!community) throw notFound("Community");
  return jsonResponse(200, clone(community));
}

/**
 * The caller sees every webhook with manage_api_access_tokens, else only those whose access token
 * the caller created (spec, GET /webhooks and GET /webhooks/{id} "Authorization").
 */
function visibleWebhook(ctx: RestContext, webhook: SimWebhook): boolean {
  if (ctx.store.userMeta.get(ctx.user.id)?.manageApiAccessTokens) return true;
  const tokenId = ctx.store.webhookMeta.get(webhook.id)?.tokenId;
  const token = [...ctx.store.accessTokens.values()].find((t) => t.id === tokenId);
  return token?.createdBy === ctx.user.id;
}

/** Webhooks ordered by active then staging_use (descending), as documented. */
function listWebhooks(ctx: RestContext) {
  const all = [...ctx.store.webhooks.values()]
    .filter((w) => visibleWebhook(ctx, w))
    .sort((a, b) => Number(b.active) - Number(a.active) || Number(b.staging_use) - Number(a.staging_use));
  return pageResponse(ctx.params, all.map(clone));
}

function showWebhook(ctx: RestContext) {
  const webhook = ctx.store.webhooks.get(pathId(ctx));
  if (!webhook || !visibleWebhook(ctx, webhook)) throw notFound("Webhook");
  return jsonResponse(200, clone(webhook));
}

export const catalogRoutes: RestRoute[] = [
  { method: "GET", pattern: /^\/categories$/, handler: listCategories, schema: "Category" },
  { method: "GET", pattern: /^\/categories\/(?<id>[^/]+)$/, handler: showCategory, schema: "Category" },
  { method: "GET", pattern: /^\/content_sources$/, handler: listSources, schema: "Source" },
  { method: "GET", pattern: /^\/content_sources\/(?<id>[^/]+)$/, handler: showSource, schema: "Source" },
  { method: "GET", pattern: /^\/channels$/, handler: listChannels, schema: "Channel" },
  { method: "GET", pattern: /^\/channels\/(?<id>[^/]+)$/, handler: showChannel, schema: "Channel" },
  { method: "GET", pattern: /^\/communities$/, handler: listCommunities, schema: "Community" },
  { method: "GET", pattern: /^\/communities\/(?<id>[^/]+)$/, handler: showCommunity, schema: "Community" },
  { method: "GET", pattern: /^\/webhooks$/, handler: listWebhooks, schema: "Webhook" },
  { method: "GET", pattern: /^\/webhooks\/(?<id>[^/]+)$/, handler: showWebhook, schema: "Webhook" },
];
