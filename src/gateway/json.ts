/**
 * JSON from outside, parsed only when it is shallow enough for everything after it: V8's
 * JSON.parse copes with deep nesting but JSON.stringify, the validators and every recursive walk
 * overflow the stack on it (5,000 levels: "Maximum call stack size exceeded"). The depth is measured
 * in one linear pass over the bytes before parsing.
 */
export const MAX_JSON_DEPTH = 64;

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string };

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of objects and arrays in `bytes`, outside strings; stops counting past `limit`. */
export function jsonDepth(bytes: Uint8Array, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
  }
  return deepest;
}

export function parseJson(bytes: Buffer, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  if (jsonDepth(bytes, maxDepth) > maxDepth)
    return { ok: false, reason: `The body nests deeper than ${maxDepth} levels.` };
  try {
    return { ok: true, value: JSON.parse(bytes.toString("utf8")) };
  } catch {
    return { ok: false, reason: "The body is not JSON." };
  }
}
