/**
 * Admin writes (what `npm run setup-rce` calls): POST /categories, PUT /content_sources/{id},
 * POST /webhooks and PUT /webhooks/{id}, following the spec's parameters (the strict hook refuses any
 * other name) and webhooks/create.md. Choices where the docs are silent are listed in README.md.
 */

import { WEBHOOK_EVENTS } from "../../contract/rceOperations";
import { jsonResponse, notFound, RestError } from "../http";
import { nowIso } from "../ids";
import { getArray, getBool, getString, has } from "../params";
import { checkWebhookSecret } from "../store";
import type { SimWebhook } from "../types";
import { clone, pathId, type RestContext, type RestRoute } from "./context";

const invalid = (message: string): RestError => new RestError(422, "invalid_record", message);

/** Category names are unique in the domain, whatever the parent (UNCONFIRMED: README "Choices"). */
function createCategory(ctx: RestContext) {
  const name = getString(ctx.params, "name")?.trim();
  if (!name) throw invalid("Name can't be blank");
  const parentId = getString(ctx.params, "parent_id") || undefined;
  if (parentId !== undefined && !ctx.store.categories.has(parentId)) {
    throw invalid(`Parent category ${JSON.stringify(parentId)} does not exist`);
  }
  const taken = [...ctx.store.categories.values()].some((c) => c.name.toLowerCase() === name.toLowerCase());
  if (taken) throw invalid("Name has already been taken");
  const sourceIds = getArray(ctx.params, "source_ids") ?? [];
  const unknown = sourceIds.filter((id) => !ctx.store.sources.has(id));
  if (unknown.length > 0) throw invalid(`Unknown source id(s): ${unknown.join(", ")}`);
  const root = parentId === undefined;
  const category = ctx.store.createCategory({
    name,
    parent_id: parentId ?? null,
    color: Number(getString(ctx.params, "color") ?? 0),
    // "accounted for only if the Category has no parent" (spec, createCategory).
    ...(root
      ? {
          mandatory: getBool(ctx.params, "mandatory"),
          multiple: getBool(ctx.params, "multiple"),
          post_qualification: getBool(ctx.params, "post_qualification"),
          unselectable: getBool(ctx.params, "unselectable"),
          source_ids: sourceIds,
        }
      : {}),
  });
  return jsonResponse(200, clone(category));
}

function categoryIds(ctx: RestContext, name: string): string[] | undefined {
  const ids = getArray(ctx.params, name);
  if (ids === undefined) return undefined;
  const unknown = ids.filter((id) => !ctx.store.categories.has(id));
  if (unknown.length > 0) throw invalid(`${name}: unknown category id(s) ${unknown.join(", ")}`);
  return [...new Set(ids)];
}

/** Sets only the parameters given; of the spec's list the simulator stores name, active and the default categories. */
function updateSource(ctx: RestContext) {
  const source = ctx.store.sources.get(pathId(ctx));
  if (!source) throw notFound("Source");
  const defaults = categoryIds(ctx, "default_category_ids");
  const agentDefaults = categoryIds(ctx, "user_thread_default_category_ids");
  const name = getString(ctx.params, "name");
  if (name !== undefined && !name.trim()) throw invalid("Name can't be blank");
  const active = getBool(ctx.params, "active");
  if (defaults) source.default_category_ids = defaults;
  if (agentDefaults) source.user_thread_default_category_ids = agentDefaults;
  if (name !== undefined) source.name = name.trim();
  if (active !== undefined) source.active = active;
  source.updated_at = nowIso();
  return jsonResponse(200, clone(source));
}

/** As GET /webhooks: every webhook with manage_api_access_tokens, else those of the caller's own tokens. */
function mayTouch(ctx: RestContext, webhook: SimWebhook): boolean {
  if (ctx.store.userMeta.get(ctx.user.id)?.manageApiAccessTokens) return true;
  const tokenId = ctx.store.webhookMeta.get(webhook.id)?.tokenId;
  const token = [...ctx.store.accessTokens.values()].find((t) => t.id === tokenId);
  return token?.createdBy === ctx.user.id || token?.userId === ctx.user.id;
}

function events(ctx: RestContext): string[] | undefined {
  const list = getArray(ctx.params, "registered_events");
  if (list === undefined) return undefined;
  const unknown = list.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length > 0) throw invalid(`Unknown event(s): ${unknown.join(", ")}`);
  // "At least one event must be selected" (webhooks/create.md).
  if (list.length === 0) throw invalid("Registered events can't be blank");
  return [...new Set(list)];
}

function secretParam(ctx: RestContext): string | null | undefined {
  if (!has(ctx.params, "secret")) return undefined;
  const secret = getString(ctx.params, "secret") ?? "";
  try {
    checkWebhookSecret(secret);
  } catch {
    throw invalid("Secret must only contain ASCII characters and be less than 256 characters");
  }
  return secret === "" ? null : secret;
}

function checkUrl(url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
  } catch {
    throw invalid("Url is invalid");
  }
}

/** "The URL is unique by API access token" (webhooks/create.md). */
function checkUnique(ctx: RestContext, url: string, tokenId: string, except?: string): void {
  const clash = [...ctx.store.webhooks.values()].some(
    (w) => w.id !== except && w.url === url && ctx.store.webhookMeta.get(w.id)?.tokenId === tokenId,
  );
  if (clash) throw invalid("Url has already been taken");
}

function createWebhook(ctx: RestContext) {
  const url = getString(ctx.params, "url")?.trim();
  if (!url) throw invalid("Url can't be blank");
  checkUrl(url);
  const registered = events(ctx);
  if (!registered) throw invalid("Registered events can't be blank");
  checkUnique(ctx, url, ctx.token.id);
  const secret = secretParam(ctx) ?? null;
  const name = getString(ctx.params, "name");
  const webhook = ctx.store.createWebhook(
    {
      url,
      // Optional through the API: host + token name when left out (webhooks/create.md).
      name: name?.trim() || `${new URL(url).host} ${ctx.token.name}`,
      active: getBool(ctx.params, "active") ?? true,
      staging_use: getBool(ctx.params, "staging_use") ?? false,
      registered_events: registered,
      verify_token: getString(ctx.params, "verify_token") ?? null,
      api_access_token: {
        id: ctx.token.id,
        created_at: ctx.token.created_at,
        updated_at: ctx.token.created_at,
      },
    },
    secret,
    ctx.token.id,
  );
  // Validation starts on registering, unless the webhook is inactive (webhooks/create.md).
  if (webhook.active) ctx.domain.verifyWebhookLater(webhook.id);
  return jsonResponse(200, clone(webhook));
}

function updateWebhook(ctx: RestContext) {
  const webhook = ctx.store.webhooks.get(pathId(ctx));
  const meta = webhook ? ctx.store.webhookMeta.get(webhook.id) : undefined;
  if (!webhook || !meta || !mayTouch(ctx, webhook)) throw notFound("Webhook");
  const url = getString(ctx.params, "url")?.trim();
  if (url !== undefined) {
    if (!url) throw invalid("Url can't be blank");
    checkUrl(url);
    checkUnique(ctx, url, meta.tokenId, webhook.id);
  }
  const registered = events(ctx);
  const secret = secretParam(ctx);
  const verifyToken = getString(ctx.params, "verify_token");
  const active = getBool(ctx.params, "active");
  const name = getString(ctx.params, "name");
  const staging = getBool(ctx.params, "staging_use");
  const wasActive = webhook.active;
  const revalidate =
    (url !== undefined && url !== webhook.url) ||
    (secret !== undefined && secret !== meta.secret) ||
    (verifyToken !== undefined && verifyToken !== webhook.verify_token) ||
    (active === true && !wasActive);
  if (url !== undefined) webhook.url = url;
  if (registered) webhook.registered_events = registered;
  if (secret !== undefined) meta.secret = secret;
  if (verifyToken !== undefined) webhook.verify_token = verifyToken;
  if (active !== undefined) webhook.active = active;
  if (name?.trim()) webhook.name = name.trim();
  if (staging !== undefined) webhook.staging_use = staging;
  // "Changing this field [Secret] will trigger a validation request"; so does turning it on.
  if (webhook.active && revalidate) ctx.domain.verifyWebhookLater(webhook.id);
  return jsonResponse(200, clone(webhook));
}

export const adminRoutes: RestRoute[] = [
  { method: "POST", pattern: /^\/categories$/, handler: createCategory, schema: "Category" },
  { method: "PUT", pattern: /^\/content_sources\/(?<id>[^/]+)$/, handler: updateSource, schema: "Source" },
  { method: "POST", pattern: /^\/webhooks$/, handler: createWebhook, schema: "Webhook" },
  { method: "PUT", pattern: /^\/webhooks\/(?<id>[^/]+)$/, handler: updateWebhook, schema: "Webhook" },
];
