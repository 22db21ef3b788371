/**
 * RCE's context_data values are strings or arrays of strings. The rule for everything else:
 *
 * | value                      | becomes                                              |
 * |----------------------------|------------------------------------------------------|
 * | string                     | itself, trimmed; empty → left out                    |
 * | number                     | its decimal text (`42`, `3.5`); NaN/Infinity → left out |
 * | boolean                    | `"true"` / `"false"`                                 |
 * | Date                       | ISO 8601 (`2026-01-31T09:00:00.000Z`)                |
 * | null / undefined           | left out (RCE treats null, empty and absent alike)   |
 * | array                      | array of the converted scalars, empties removed; objects inside → JSON text |
 * | object                     | flattened: `{address: {city}}` → key `address-city` (3 levels), deeper → JSON text |
 *
 * Texts are cut at MAX_VALUE_LENGTH characters (marked with "…"), arrays at MAX_ARRAY_ITEMS items.
 */

export const MAX_VALUE_LENGTH = 1000;
export const MAX_ARRAY_ITEMS = 50;
export const MAX_FLATTEN_DEPTH = 3;

export type ContextValue = string | string[];

export interface ConvertedValue {
  value?: ContextValue;
  /** Why nothing was kept, or what was cut. */
  note?: "empty" | "not a number" | "truncated" | "unsupported";
}

function cut(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_VALUE_LENGTH) return { text, truncated: false };
  return { text: `${text.slice(0, MAX_VALUE_LENGTH - 1)}…`, truncated: true };
}

/**
 * JSON text of a nested value, built only up to `limit` characters: a 10 MB object costs no more
 * than a small one. Cycles become "[circular]"; values JSON cannot hold become null.
 */
export function boundedJson(value: unknown, limit: number): string | undefined {
  let out = "";
  const seen = new Set<object>();
  const full = () => out.length > limit;
  const emit = (piece: string) => {
    if (!full())
      out += piece.length > limit + 1 - out.length ? piece.slice(0, limit + 1 - out.length) : piece;
  };
  const scalar = (v: unknown): string | undefined => {
    if (typeof v === "string") return JSON.stringify(v.length > limit ? v.slice(0, limit + 1) : v);
    if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
    if (typeof v === "boolean") return String(v);
    if (typeof v === "bigint") return `"${v.toString()}"`;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? "null" : `"${v.toISOString()}"`;
    if (typeof v !== "object" || v === null) return "null";
    return undefined;
  };
  const walk = (v: unknown): void => {
    if (full()) return;
    const text = scalar(v);
    if (text !== undefined) {
      emit(text);
      return;
    }
    const obj = v as object;
    if (seen.has(obj)) {
      emit('"[circular]"');
      return;
    }
    seen.add(obj);
    if (Array.isArray(obj)) {
      emit("[");
      obj.forEach((item, i) => {
        if (i > 0) emit(",");
        walk(item);
      });
      emit("]");
    } else {
      emit("{");
      let first = true;
      for (const key of Object.keys(obj)) {
        const item = (obj as Record<string, unknown>)[key];
        if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
        emit(`${first ? "" : ","}${JSON.stringify(key)}:`);
        first = false;
        walk(item);
        if (full()) break;
      }
      emit("}");
    }
    seen.delete(obj);
  };
  try {
    walk(value);
    return out;
  } catch {
    return undefined; // a getter that throws
  }
}

/** Converts one scalar; objects arrive here only inside arrays or past the flattening depth. */
export function scalarText(value: unknown): { text?: string; note?: ConvertedValue["note"] } {
  if (value === null || value === undefined) return { note: "empty" };
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed ? { text: trimmed } : { note: "empty" };
  }
  if (typeof value === "number")
    return Number.isFinite(value) ? { text: String(value) } : { note: "not a number" };
  if (typeof value === "bigint") return { text: value.toString() };
  if (typeof value === "boolean") return { text: value ? "true" : "false" };
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? { note: "empty" } : { text: value.toISOString() };
  if (typeof value === "object") {
    const json = boundedJson(value, MAX_VALUE_LENGTH);
    return json && json !== "{}" && json !== "[]" ? { text: json } : { note: "empty" };
  }
  return { note: "unsupported" }; // functions, symbols
}

export function convertValue(value: unknown): ConvertedValue {
  if (Array.isArray(value)) {
    const items: string[] = [];
    let truncated = value.length > MAX_ARRAY_ITEMS;
    for (const item of value.slice(0, MAX_ARRAY_ITEMS)) {
      const { text } = scalarText(item);
      if (text === undefined) continue;
      const c = cut(text);
      truncated ||= c.truncated;
      items.push(c.text);
    }
    if (items.length === 0) return { note: "empty" };
    return truncated ? { value: items, note: "truncated" } : { value: items };
  }
  const { text, note } = scalarText(value);
  if (text === undefined) return { note };
  const c = cut(text);
  return c.truncated ? { value: c.text, note: "truncated" } : { value: c.text };
}

/** True for objects that should be flattened into several keys rather than converted. */
export function isFlattenable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
