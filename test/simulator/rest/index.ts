/** REST dispatcher: route lookup (404 first, like a Rails router), then token auth, then the handler. */
import { INVALID_PARAMETER_ERROR, strictParamsRefusal } from "../../contract/strictParams";
import type { SimDomain } from "../domain";
import { errorResponse, RestError, type SimResponse } from "../http";
import { getString, type Params } from "../params";
import { adminRoutes } from "./admin";
import { catalogRoutes } from "./catalog";
import { contentRoutes } from "./contents";
import type { RestRoute } from "./context";
import { identityRoutes } from "./identities";
import { interventionRoutes } from "./interventions";
import { noteRoutes } from "./notes";
import { routingRoutes } from "./routing";
import { sparsify } from "./sparse";
import { threadRoutes } from "./threads";

export const restRoutes: RestRoute[] = [
  ...threadRoutes,
  ...contentRoutes,
  ...interventionRoutes,
  ...noteRoutes,
  ...identityRoutes,
  ...catalogRoutes,
  ...adminRoutes,
  ...routingRoutes,
];

/** Bearer header first, then the `access_token` query/form parameter. */
export function extractToken(headers: Record<string, string>, params: Params): string | undefined {
  const auth = headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (match?.[1]) return match[1].trim();
  }
  return getString(params, "access_token") || undefined;
}

export async function handleRest(
  domain: SimDomain,
  method: string,
  subPath: string,
  params: Params,
  headers: Record<string, string>,
): Promise<SimResponse> {
  let route: RestRoute | undefined;
  let groups: Record<string, string> = {};
  for (const candidate of restRoutes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(subPath);
    if (match) {
      route = candidate;
      groups = Object.fromEntries(
        Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v ?? "")]),
      );
      break;
    }
  }
  if (!route) return errorResponse(404, "not_found", `No route matches ${method} /1.0${subPath}`);
  const tokenValue = extractToken(headers, params);
  const authStatus = domain.settings.authErrorStatus;
  if (!tokenValue) return errorResponse(authStatus, "invalid_access_token", "Access token is missing");
  const token = domain.store.accessTokens.get(tokenValue);
  const user = token ? domain.store.users.get(token.userId) : undefined;
  if (!token || !user?.enabled)
    return errorResponse(authStatus, "invalid_access_token", "Access token is invalid");
  // Strict hook: operations in the contract table (test/contract/rceOperations.ts, written from the
  // OpenAPI spec) refuse undeclared parameter names and values outside an enum; others pass unchanged.
  // The error identifier "invalid_parameter" is UNCONFIRMED (responses.md shows only the body shape).
  const refusal = strictParamsRefusal(method, subPath, params);
  if (refusal) return errorResponse(400, INVALID_PARAMETER_ERROR, refusal);
  try {
    const res = await route.handler({
      store: domain.store,
      domain,
      method,
      params,
      path: groups,
      user,
      token,
    });
    return sparsify(domain.settings, route.schema, res);
  } catch (err) {
    if (err instanceof RestError) return errorResponse(err.status, err.error, err.message);
    const message = err instanceof Error ? err.message : String(err);
    return errorResponse(500, "internal_server_error", message);
  }
}
