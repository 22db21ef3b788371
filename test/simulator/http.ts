/** Response values, the documented REST error body and the paging envelope. */
import { getString, type Params } from "./params";

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_TYPE = "application/json; charset=utf-8";
export const TEXT_TYPE = "text/plain; charset=utf-8";

/** A REST failure rendered as `{"error": ..., "message": ..., "status": ...}`. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers: { "content-type": JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function errorBody(
  status: number,
  error: string,
  message: string,
): { error: string; message: string; status: number } {
  return { error, message, status };
}

export function errorResponse(status: number, error: string, message: string): SimResponse {
  return jsonResponse(status, errorBody(status, error, message));
}

export function textResponse(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers: { "content-type": TEXT_TYPE, ...headers }, body };
}

export const notFound = (what: string): RestError => new RestError(404, "not_found", `${what} not found`);

export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 150;

export interface Page<T> {
  count: number;
  offset: number;
  limit: number;
  records: T[];
}

/**
 * offset (default 0) and limit (default 30, max 150). A limit above 150 is clamped to 150 (the docs
 * state the max, not an error); a missing, non-numeric or non-positive limit falls back to 30, and
 * a missing, non-numeric or negative offset to 0.
 */
export function pageParams(params: Params): { offset: number; limit: number } {
  const rawOffset = Number.parseInt(getString(params, "offset") ?? "", 10);
  const rawLimit = Number.parseInt(getString(params, "limit") ?? "", 10);
  const offset = Number.isFinite(rawOffset) && rawOffset >= 0 ? rawOffset : 0;
  let limit = Number.isFinite(rawLimit) && rawLimit > 0 ? rawLimit : DEFAULT_LIMIT;
  if (limit > MAX_LIMIT) limit = MAX_LIMIT;
  return { offset, limit };
}

export function paginate<T>(params: Params, records: T[]): Page<T> {
  const { offset, limit } = pageParams(params);
  return { count: records.length, offset, limit, records: records.slice(offset, offset + limit) };
}

export function pageResponse<T>(params: Params, records: T[]): SimResponse {
  return jsonResponse(200, paginate(params, records));
}

export function sortByDate<T extends { id: string }>(
  records: T[],
  date: (r: T) => string | null,
  direction: "asc" | "desc",
): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...records].sort((a, b) => {
    const da = date(a) ?? "";
    const db = date(b) ?? "";
    if (da !== db) return da < db ? -sign : sign;
    if (a.id === b.id) return 0;
    return a.id < b.id ? -sign : sign;
  });
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
