/**
 * Rails-like request parameters: the query string merged with an `application/x-www-form-urlencoded`
 * or JSON body (body wins). `name[]` builds arrays, `name[key]` and `name[key][]` build one level of
 * hash. Empty strings inside arrays are dropped, so `thread_category_ids[]=` is an empty set.
 */

export type ParamHash = Record<string, string | string[]>;
export type ParamValue = string | string[] | ParamHash;
export type Params = Map<string, ParamValue>;

export class ParamsError extends Error {}

const KEY_RE = /^([^[\]]+)(?:\[([^[\]]*)\])?(?:\[\])?$/;

function addParam(params: Params, rawKey: string, value: string): void {
  const match = KEY_RE.exec(rawKey);
  if (!match) {
    params.set(rawKey, value);
    return;
  }
  const base = match[1] as string;
  const sub = match[2];
  const isArray = rawKey.endsWith("[]");
  if (sub === undefined || (sub === "" && isArray && rawKey === `${base}[]`)) {
    // `name` or `name[]`
    if (isArray) {
      const current = params.get(base);
      const list = Array.isArray(current) ? current : [];
      if (value !== "") list.push(value);
      params.set(base, list);
    } else {
      params.set(base, value);
    }
    return;
  }
  // `name[key]` or `name[key][]`
  const current = params.get(base);
  const hash: ParamHash = current && typeof current === "object" && !Array.isArray(current) ? current : {};
  if (isArray) {
    const existing = hash[sub];
    const list = Array.isArray(existing) ? existing : [];
    if (value !== "") list.push(value);
    hash[sub] = list;
  } else {
    hash[sub] = value;
  }
  params.set(base, hash);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function fromJsonValue(value: unknown): ParamValue | undefined {
  const s = scalar(value);
  if (s !== undefined) return s;
  if (Array.isArray(value)) {
    return value.map(scalar).filter((v): v is string => v !== undefined && v !== "");
  }
  if (value && typeof value === "object") {
    const hash: ParamHash = {};
    for (const [k, v] of Object.entries(value)) {
      const sv = scalar(v);
      if (sv !== undefined) hash[k] = sv;
      else if (Array.isArray(v))
        hash[k] = v.map(scalar).filter((x): x is string => x !== undefined && x !== "");
    }
    return hash;
  }
  return undefined;
}

export function parseParams(
  search: URLSearchParams,
  rawBody: string,
  contentType: string | undefined,
): Params {
  const params: Params = new Map();
  for (const [key, value] of search) addParam(params, key, value);
  const body = rawBody.trim();
  if (body === "") return params;
  const type = (contentType ?? "").toLowerCase();
  const looksJson =
    type.includes("json") || (!type.includes("form") && (body.startsWith("{") || body.startsWith("[")));
  if (looksJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ParamsError("The request body is not valid JSON");
    }
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      for (const [rawKey, value] of Object.entries(parsed)) {
        const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
        const converted = fromJsonValue(value);
        if (converted !== undefined) params.set(key, converted);
      }
    }
    return params;
  }
  if (type === "" || type.includes("x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body)) addParam(params, key, value);
  }
  return params;
}

/** A single string value (the first one when an array was sent). */
export function getString(params: Params, name: string): string | undefined {
  const value = params.get(name);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value[0];
  return undefined;
}

/** An array value; a single `name=value` counts as a one-element array. undefined when absent. */
export function getArray(params: Params, name: string): string[] | undefined {
  const value = params.get(name);
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return value === "" ? [] : [value];
  return undefined;
}

export function getHash(params: Params, name: string): ParamHash | undefined {
  const value = params.get(name);
  return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}

export function has(params: Params, name: string): boolean {
  return params.has(name);
}

/** Rails-style boolean: true/1/on/yes and false/0/off/no. */
export function getBool(params: Params, name: string): boolean | undefined {
  const value = getString(params, name);
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (["true", "1", "on", "yes"].includes(v)) return true;
  if (["false", "0", "off", "no"].includes(v)) return false;
  return undefined;
}
