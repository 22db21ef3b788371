/** What every REST route handler receives, and the route table type. */
import type { SimDomain } from "../domain";
import { notFound, RestError, type SimResponse } from "../http";
import type { Params } from "../params";
import type { SimStore } from "../store";
import type { SimAccessToken, SimUser } from "../types";

export interface RestContext {
  store: SimStore;
  domain: SimDomain;
  method: string;
  params: Params;
  /** Named groups of the route pattern (e.g. `id`). */
  path: Record<string, string>;
  user: SimUser;
  token: SimAccessToken;
}

export type RestHandler = (ctx: RestContext) => SimResponse | Promise<SimResponse>;

export interface RestRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Matched against the path below /1.0, e.g. /^\/content_threads\/(?<id>[^/]+)$/. */
  pattern: RegExp;
  handler: RestHandler;
  /** Spec schema of the records the route renders (for settings.sparseAnswers). */
  schema?: string;
}

export function pathId(ctx: RestContext, name = "id"): string {
  return ctx.path[name] ?? "";
}

/** 404 unless the token's user has "read" on the source (RCE answers 404, not 403, here). */
export function requireRead(ctx: RestContext, sourceId: string, what: string): void {
  if (!ctx.store.can(ctx.user.id, sourceId, "read")) throw notFound(what);
}

export function readableSourceIds(ctx: RestContext): Set<string> {
  const out = new Set<string>();
  for (const source of ctx.store.sources.values()) {
    if (ctx.store.can(ctx.user.id, source.id, "read")) out.add(source.id);
  }
  return out;
}

export function requireMonitor(ctx: RestContext): void {
  if (!ctx.store.userMeta.get(ctx.user.id)?.monitorTasks) {
    throw new RestError(403, "forbidden", "You are not allowed to monitor the task view");
  }
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
