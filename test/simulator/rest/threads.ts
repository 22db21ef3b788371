/** /content_threads: list with `q` search, show, update_categories (replace + 409), close/open/ignore. */

import { jsonResponse, notFound, pageResponse, RestError, sortByDate } from "../http";
import { nowIso } from "../ids";
import { getArray, getString } from "../params";
import { parseQuery, termBool, termValues } from "../query";
import type { SimThread } from "../types";
import { clone, pathId, type RestContext, type RestRoute, readableSourceIds, requireRead } from "./context";

function threadMatches(ctx: RestContext, thread: SimThread, q: ReturnType<typeof parseQuery>): boolean {
  const store = ctx.store;
  const contents = store.threadContents(thread.id);
  const interventions = store.threadInterventions(thread.id);
  for (const term of q.terms) {
    const v = term.value;
    switch (term.keyword) {
      case "source":
        break; // handled below (any-of semantics)
      case "foreign":
      case "foreign_id":
        break; // handled below
      case "categorized_in":
        break; // handled below
      case "identity":
      case "identity_group":
        break; // handled below
      case "status_in":
        break; // handled below
      case "not_categorized_in":
        if (thread.category_ids.includes(v) !== term.negated) return false;
        break;
      case "categorized":
        if (thread.category_ids.length > 0 !== termBool(term)) return false;
        break;
      case "assigned":
        if (interventions.length > 0 !== termBool(term)) return false;
        break;
      case "assigned_to":
        if (interventions.some((i) => i.user_id === v) === term.negated) return false;
        break;
      case "opened_and_assigned":
        if (interventions.some((i) => !i.closed) !== termBool(term)) return false;
        break;
      case "opened_and_assigned_to":
        if (interventions.some((i) => !i.closed && i.user_id === v) === term.negated) return false;
        break;
      case "active_and_assigned":
        if (interventions.some((i) => !i.closed && i.deferred_at === null) !== termBool(term)) return false;
        break;
      case "active_and_assigned_to":
        if (
          interventions.some((i) => !i.closed && i.deferred_at === null && i.user_id === v) === term.negated
        ) {
          return false;
        }
        break;
      case "text": {
        const needle = v.toLowerCase();
        const hit =
          (thread.title ?? "").toLowerCase().includes(needle) ||
          contents.some((c) => c.body.toLowerCase().includes(needle));
        if (hit === term.negated) return false;
        break;
      }
      default:
        // Unknown keywords are ignored (real RCE's answer to them is UNCONFIRMED).
        break;
    }
  }
  const anyOf = (keyword: string, test: (value: string) => boolean): boolean => {
    const wanted = termValues(q, keyword);
    const excluded = termValues(q, keyword, true);
    if (wanted.length > 0 && !wanted.some(test)) return false;
    if (excluded.some(test)) return false;
    return true;
  };
  if (!anyOf("source", (v) => thread.source_id === v)) return false;
  // `foreign` is the documented keyword; `foreign_id` is accepted too (used by a public adapter).
  const foreigns = ctx.domain.settings.foreignSearchKeywords.flatMap((keyword) => termValues(q, keyword));
  if (foreigns.length > 0 && !foreigns.includes(thread.foreign_id ?? "\u0000")) return false;
  if (!anyOf("categorized_in", (v) => thread.category_ids.includes(v))) return false;
  if (!anyOf("identity", (v) => contents.some((c) => c.author_id === v))) return false;
  if (!anyOf("identity_group", (v) => contents.some((c) => c.identity_group_id === v))) return false;
  const statuses = termValues(q, "status_in").flatMap((s) => s.split(","));
  const notStatuses = termValues(q, "status_in", true).flatMap((s) => s.split(","));
  if (statuses.length > 0 && !contents.some((c) => statuses.includes(c.status))) return false;
  if (notStatuses.length > 0 && contents.some((c) => notStatuses.includes(c.status))) return false;
  return true;
}

function listThreads(ctx: RestContext) {
  const readable = readableSourceIds(ctx);
  const q = parseQuery(getString(ctx.params, "q"));
  const matching = [...ctx.store.threads.values()].filter(
    (t) => readable.has(t.source_id) && threadMatches(ctx, t, q),
  );
  const field = q.order?.field === "created_at" ? "created_at" : "last_content_at";
  const direction = q.order?.direction ?? "desc";
  const sorted = sortByDate(
    matching,
    (t) => (field === "created_at" ? t.created_at : (t.last_content_at ?? t.created_at)),
    direction,
  );
  return pageResponse(ctx.params, sorted.map(clone));
}

function findThread(ctx: RestContext): SimThread {
  const thread = ctx.store.threads.get(pathId(ctx));
  if (!thread) throw notFound("Thread");
  requireRead(ctx, thread.source_id, "Thread");
  return thread;
}

async function updateCategories(ctx: RestContext) {
  const thread = findThread(ctx);
  const ids = [...new Set(getArray(ctx.params, "thread_category_ids") ?? [])];
  const unknown = ids.filter((id) => !ctx.store.categories.has(id));
  if (unknown.length > 0) {
    throw new RestError(422, "invalid_category", `Unknown category id(s): ${unknown.join(", ")}`);
  }
  const updated = await ctx.domain.withLock(
    `categorize:${thread.id}`,
    ctx.domain.settings.categorizationMs,
    new RestError(409, "already_categorizing", "Thread is already being categorized"),
    () => {
      thread.thread_category_ids = ids;
      thread.updated_at = nowIso();
      ctx.store.refreshThread(thread.id);
      return clone(thread);
    },
  );
  return jsonResponse(200, updated);
}

function closeOrOpen(ctx: RestContext): never {
  const thread = findThread(ctx);
  const source = ctx.store.sources.get(thread.source_id);
  // Closing/opening threads is documented only for Emails, Answers, Ideas, Messenger, Google+, Lithium
  // and Mobile Messaging: not for Channel SDK sources.
  throw new RestError(
    403,
    "forbidden",
    `Thread closure is not available on ${source?.type ?? "this"} sources`,
  );
}

async function ignoreThread(ctx: RestContext) {
  const thread = findThread(ctx);
  const result = await ctx.domain.withLock(
    `ignore:${thread.id}`,
    0,
    new RestError(409, "already_archiving", "Thread is already being archived"),
    () => {
      for (const content of ctx.store.threadContents(thread.id)) content.status = "ignored";
      thread.updated_at = nowIso();
      return clone(thread);
    },
  );
  return jsonResponse(200, result);
}

export const threadRoutes: RestRoute[] = [
  { method: "GET", pattern: /^\/content_threads$/, handler: listThreads, schema: "Thread" },
  {
    method: "GET",
    pattern: /^\/content_threads\/(?<id>[^/]+)$/,
    handler: (ctx) => jsonResponse(200, clone(findThread(ctx))),
    schema: "Thread",
  },
  {
    method: "PUT",
    pattern: /^\/content_threads\/(?<id>[^/]+)\/update_categories$/,
    handler: updateCategories,
    schema: "Thread",
  },
  {
    method: "PUT",
    pattern: /^\/content_threads\/(?<id>[^/]+)\/close$/,
    handler: closeOrOpen,
    schema: "Thread",
  },
  {
    method: "GET",
    pattern: /^\/content_threads\/(?<id>[^/]+)\/open$/,
    handler: closeOrOpen,
    schema: "Thread",
  },
  {
    method: "PUT",
    pattern: /^\/content_threads\/(?<id>[^/]+)\/ignore$/,
    handler: ignoreThread,
    schema: "Thread",
  },
];
