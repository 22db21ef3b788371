/**
 * RCE accepts only `[a-zA-Z-]` in context_data keys. This turns any key into one, deterministically:
 *
 *  1. split into words at `_`, `-`, `.`, spaces and other separators, at camelCase humps
 *     (`firstName`, `HTTPCode` → `HTTP Code`) and between letters and digits (`zip2` → `zip 2`);
 *  2. fold accents (`é` → `e`, `ß` → `ss`) and drop other non-Latin characters;
 *  3. spell each digit as an English word (`2` → `two`, `10` → `one-zero`);
 *  4. join the lower-cased words with `-` (kebab-case), at most 64 characters.
 *
 * `first_name`, `firstName` and `First Name` all become `first-name`. When two keys of one profile
 * meet, the key that already is in kebab-case keeps the name, otherwise the first in code-point
 * order; the others get a suffix of four letters derived from their original key (stable across
 * runs). A key with no usable characters becomes `field-<four letters>`.
 */
import { createHash } from "node:crypto";

export const MAX_CONTEXT_KEY_LENGTH = 64;
export const CONTEXT_KEY_PATTERN = /^[a-zA-Z-]+$/;

const DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const SPECIAL_FOLDS: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  Æ: "AE",
  ø: "o",
  Ø: "O",
  œ: "oe",
  Œ: "OE",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  þ: "th",
  ð: "d",
};

function fold(text: string): string {
  return text
    .replace(/[ßæÆøØœŒłŁđĐþð]/g, (c) => SPECIAL_FOLDS[c] ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
}

function words(key: string): string[] {
  const spaced = fold(key)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([a-zA-Z])(\d)/g, "$1 $2")
    .replace(/(\d)([a-zA-Z])/g, "$1 $2")
    .replace(/\d/g, (d) => ` ${DIGIT_WORDS[Number(d)]} `);
  return spaced
    .split(/[^a-zA-Z]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The kebab-case form of one key, without collision handling; may be "". */
export function baseContextKey(key: string): string {
  const joined = words(key).join("-");
  return joined.length <= MAX_CONTEXT_KEY_LENGTH
    ? joined
    : joined.slice(0, MAX_CONTEXT_KEY_LENGTH).replace(/-+$/, "");
}

/** Four letters a–z derived from the key: the same key always gets the same letters. */
export function letterSuffix(key: string, salt = 0): string {
  const digest = createHash("sha256").update(`${salt}:${key}`).digest();
  let out = "";
  for (let i = 0; i < 4; i++) out += String.fromCharCode(97 + (digest[i] % 26));
  return out;
}

function withSuffix(base: string, suffix: string): string {
  const room = MAX_CONTEXT_KEY_LENGTH - suffix.length - 1;
  return `${base.slice(0, room).replace(/-+$/, "")}-${suffix}`;
}

/**
 * Assigns every original key a distinct valid context_data key. `taken` holds keys already used
 * (e.g. by explicit mappings); they are never given out again.
 */
export function assignContextKeys(
  keys: readonly string[],
  taken: ReadonlySet<string> = new Set(),
): Map<string, string> {
  const used = new Set(taken);
  const result = new Map<string, string>();
  const unique = [...new Set(keys)];
  const bases = new Map(unique.map((k) => [k, baseContextKey(k)]));
  // Canonical keys first, then code-point order: the winner of a clash does not depend on input order.
  const ordered = unique.sort((a, b) => {
    const ca = bases.get(a) === a ? 0 : 1;
    const cb = bases.get(b) === b ? 0 : 1;
    return ca - cb || (a < b ? -1 : a > b ? 1 : 0);
  });
  for (const key of ordered) {
    const base = bases.get(key) || "field";
    let candidate = base === "field" ? withSuffix(base, letterSuffix(key)) : base;
    for (let salt = 1; used.has(candidate); salt++) candidate = withSuffix(base, letterSuffix(key, salt));
    used.add(candidate);
    result.set(key, candidate);
  }
  return result;
}
