/**
 * RCE's documented parameter encoding: query/form pairs, `key[]` for lists (an empty list is sent as
 * one empty `key[]=` so RCE sees "set to nothing"), `key[sub]` for hashes.
 */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly string[]
  | Readonly<Record<string, string>>;
export type QueryParams = Readonly<Record<string, QueryValue>>;

const enc = encodeURIComponent;

export function buildQuery(params: QueryParams): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const list = value as readonly string[];
      if (list.length === 0) pairs.push(`${enc(`${key}[]`)}=`);
      for (const item of list) pairs.push(`${enc(`${key}[]`)}=${enc(item)}`);
    } else if (typeof value === "object") {
      for (const [sub, item] of Object.entries(value as Record<string, string>))
        pairs.push(`${enc(`${key}[${sub}]`)}=${enc(item)}`);
    } else {
      pairs.push(`${enc(key)}=${enc(String(value))}`);
    }
  }
  return pairs.join("&");
}

/** One `keyword:value` term of RCE's `q` search; values with spaces or quotes are quoted. */
export function searchTerm(keyword: string, value: string): string {
  const clean = value.replace(/"/g, "");
  return /[\s:]/.test(clean) ? `${keyword}:"${clean}"` : `${keyword}:${clean}`;
}
