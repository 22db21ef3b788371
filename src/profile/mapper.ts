/**
 * Cognigy contact profile → RCE Source SDK user object. One module, used by Sync Profile and by every
 * node that sends the user as a message author, so the agent always sees the same person.
 * It never throws: whatever the profile holds, the result is a valid user (see userSchema.ts).
 */
import type { SdkUser } from "../engage/types";
import { assignContextKeys, baseContextKey, CONTEXT_KEY_PATTERN } from "./contextKeys";
import {
  type ContextValue,
  convertValue,
  isFlattenable,
  MAX_FLATTEN_DEPTH,
  scalarText,
} from "./contextValues";

export const RCE_USER_FIELDS = [
  "screenname",
  "firstname",
  "lastname",
  "email",
  "home_phone",
  "mobile_phone",
  "gender",
  "avatar_url",
] as const;
export type RceUserField = (typeof RCE_USER_FIELDS)[number];

/** Where a profile key goes unless the builder's mapping says otherwise (keys compared case-insensitively). */
export const DEFAULT_FIELD_MAP: Readonly<Record<string, RceUserField>> = {
  firstname: "firstname",
  first_name: "firstname",
  lastname: "lastname",
  last_name: "lastname",
  surname: "lastname",
  email: "email",
  e_mail: "email",
  profilepic: "avatar_url",
  avatar: "avatar_url",
  avatar_url: "avatar_url",
  gender: "gender",
  phone: "home_phone",
  phonenumber: "home_phone",
  phone_number: "home_phone",
  telephone: "home_phone",
  home_phone: "home_phone",
  homephone: "home_phone",
  mobile: "mobile_phone",
  mobilephone: "mobile_phone",
  mobile_phone: "mobile_phone",
  cell: "mobile_phone",
  cellphone: "mobile_phone",
};

/** Cognigy bookkeeping that means nothing to an agent; also every key starting with "_". */
export const INTERNAL_PROFILE_KEYS: readonly string[] = [
  "userId",
  "contactId",
  "projectId",
  "organisationId",
  "organisation",
  "project",
  "createdAt",
  "lastChanged",
  "lastSeen",
  "updatedAt",
  "sessions",
  "channels",
  "goals",
  "memories",
  "accepted_gdpr",
  "prevent_data_collection",
  "privacy_policy",
];

export const MAX_CONTEXT_KEYS = 100;
/** Serialised size cap for context_data; RCE's own limit is undocumented. */
export const MAX_CONTEXT_BYTES = 16_000;
const MAX_FIELD_LENGTH = 255;

export interface ProfileMappingOptions {
  /** The RCE user id: stable per end user (by default Cognigy's userId). */
  userId: string;
  /** ISO 8601 time used for created_at / updated_at when the profile has none. */
  now: string;
  /** Builder overrides: profile key (dot path allowed) → RCE user field, or "context:<key>". */
  mapping?: Readonly<Record<string, string>>;
  /** When set, only these profile keys (or key prefixes) go to context_data. */
  include?: readonly string[];
  /** Profile keys (or key prefixes) never sent. */
  exclude?: readonly string[];
  /** Send the profile although the user asked for no data collection. */
  ignorePreventDataCollection?: boolean;
}

export interface DroppedKey {
  key: string;
  reason: string;
}

export interface ProfileMappingResult {
  user: SdkUser;
  /** Which profile key filled which user field. */
  fields: Partial<Record<RceUserField, string>>;
  /** Profile key (dot path for nested values) → context_data key. */
  contextKeys: Record<string, string>;
  dropped: DroppedKey[];
  /** True when prevent_data_collection limited the user to id and screenname. */
  privacyMode: boolean;
}

interface Collected {
  fields: Partial<Record<RceUserField, { key: string; value: string }>>;
  context: { path: string; value: unknown; explicitKey?: string }[];
  dropped: DroppedKey[];
}

function lower(key: string): string {
  return key.toLowerCase();
}

function matchesList(path: string, list: readonly string[] | undefined): boolean {
  if (!list || list.length === 0) return false;
  return list.some((entry) => entry === path || path.startsWith(`${entry}.`));
}

function readPath(source: Record<string, unknown>, path: string): unknown {
  let current: unknown = source;
  for (const part of path.split(".")) {
    if (!isFlattenable(current)) return undefined;
    current = current[part];
  }
  return current;
}

function toIso(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === "number" && Number.isFinite(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  if (typeof value === "string" && value.trim()) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
  }
  return undefined;
}

/** Field-specific conversion; undefined plus a reason when the value does not fit the field. */
function fieldValue(field: RceUserField, raw: unknown): { value?: string; reason?: string } {
  const { text } = scalarText(raw);
  if (text === undefined || (typeof raw === "object" && raw !== null && !(raw instanceof Date))) {
    return { reason: `not a text value for ${field}` };
  }
  switch (field) {
    case "gender": {
      const g = text.toLowerCase();
      if (g === "male" || g === "man" || g === "m") return { value: "man" };
      if (g === "female" || g === "woman" || g === "f") return { value: "woman" };
      return { reason: "gender is neither male nor female (RCE accepts man or woman)" };
    }
    case "email":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) && text.length <= MAX_FIELD_LENGTH
        ? { value: text }
        : { reason: "not a valid e-mail address" };
    case "avatar_url":
      return /^https?:\/\/\S+$/i.test(text) && text.length <= 2048
        ? { value: text }
        : { reason: "not an http(s) URL" };
    default:
      return { value: text.length > MAX_FIELD_LENGTH ? text.slice(0, MAX_FIELD_LENGTH) : text };
  }
}

function collect(profile: Record<string, unknown>, options: ProfileMappingOptions): Collected {
  const out: Collected = { fields: {}, context: [], dropped: [] };
  const mapping = options.mapping ?? {};
  const mapped = new Set(Object.keys(mapping));
  const assign = (field: RceUserField, key: string, raw: unknown) => {
    const { value, reason } = fieldValue(field, raw);
    if (value === undefined) {
      if (scalarText(raw).text !== undefined) out.dropped.push({ key, reason: reason ?? "invalid" });
      return;
    }
    if (out.fields[field]) {
      out.dropped.push({ key, reason: `${field} already filled from '${out.fields[field]?.key}'` });
      return;
    }
    out.fields[field] = { key, value };
  };

  // Explicit mappings first: they win over defaults.
  for (const [key, target] of Object.entries(mapping)) {
    if (matchesList(key, options.exclude)) continue;
    const raw = readPath(profile, key);
    if (raw === undefined || raw === null) continue;
    if (target.startsWith("context:")) {
      out.context.push({ path: key, value: raw, explicitKey: target.slice("context:".length) });
    } else if ((RCE_USER_FIELDS as readonly string[]).includes(target)) {
      assign(target as RceUserField, key, raw);
    }
  }

  const walk = (value: Record<string, unknown>, prefix: string, depth: number) => {
    for (const key of Object.keys(value).sort()) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (mapped.has(path)) continue;
      if (!prefix && (key.startsWith("_") || INTERNAL_PROFILE_KEYS.includes(key))) {
        out.dropped.push({ key: path, reason: "internal Cognigy field" });
        continue;
      }
      if (matchesList(path, options.exclude)) {
        out.dropped.push({ key: path, reason: "excluded by the node's settings" });
        continue;
      }
      let raw: unknown;
      try {
        raw = value[key];
      } catch {
        out.dropped.push({ key: path, reason: "unreadable" });
        continue;
      }
      const defaultField =
        prefix || !Object.hasOwn(DEFAULT_FIELD_MAP, lower(key)) ? undefined : DEFAULT_FIELD_MAP[lower(key)];
      if (defaultField && !out.fields[defaultField]) {
        const { value: converted } = fieldValue(defaultField, raw);
        if (converted !== undefined) {
          assign(defaultField, path, raw);
          continue;
        }
      }
      if (isFlattenable(raw) && depth < MAX_FLATTEN_DEPTH) {
        walk(raw, path, depth + 1);
        continue;
      }
      if (options.include && options.include.length > 0 && !matchesList(path, options.include)) {
        out.dropped.push({ key: path, reason: "not in the include list" });
        continue;
      }
      out.context.push({ path, value: raw });
    }
  };
  walk(profile, "", 1);
  return out;
}

/** A requested key that breaks the rule is normalised like any other key. */
function explicitContextKey(requested: string): string | undefined {
  if (CONTEXT_KEY_PATTERN.test(requested) && requested.length <= 64) return requested;
  return baseContextKey(requested) || undefined;
}

function buildContext(
  items: Collected["context"],
  dropped: DroppedKey[],
): { data: Record<string, ContextValue>; keys: Record<string, string> } {
  const data: Record<string, ContextValue> = {};
  const keys: Record<string, string> = {};
  const taken = new Set<string>();
  const pending: { path: string; value: unknown }[] = [];
  for (const item of items) {
    const wanted = item.explicitKey !== undefined ? explicitContextKey(item.explicitKey) : undefined;
    if (wanted && !taken.has(wanted)) {
      taken.add(wanted);
      keys[item.path] = wanted;
    } else {
      pending.push(item);
    }
  }
  const assigned = assignContextKeys(
    pending.map((p) => p.path),
    taken,
  );
  for (const p of pending) {
    const key = assigned.get(p.path);
    if (key) keys[p.path] = key;
  }

  let bytes = 2;
  const values = new Map(items.map((i) => [i.path, i.value]));
  for (const path of Object.keys(keys).sort()) {
    const converted = convertValue(values.get(path));
    if (converted.value === undefined) {
      if (converted.note !== "empty")
        dropped.push({ key: path, reason: converted.note ?? "unsupported value" });
      delete keys[path];
      continue;
    }
    const entryBytes = Buffer.byteLength(JSON.stringify({ [keys[path]]: converted.value }), "utf8") - 1;
    if (Object.keys(data).length >= MAX_CONTEXT_KEYS || bytes + entryBytes > MAX_CONTEXT_BYTES) {
      dropped.push({
        key: path,
        reason: `context_data limit reached (${MAX_CONTEXT_KEYS} keys, ${MAX_CONTEXT_BYTES} bytes)`,
      });
      delete keys[path];
      continue;
    }
    if (converted.note === "truncated") dropped.push({ key: path, reason: "value truncated" });
    data[keys[path]] = converted.value;
    bytes += entryBytes;
  }
  return { data, keys };
}

/** "Customer 3f9a2c": readable, stable, and never the bot's name. */
export function anonymousScreenname(userId: string): string {
  const tail = userId.replace(/[^A-Za-z0-9]/g, "").slice(-6);
  return tail ? `Customer ${tail}` : "Customer";
}

function screennameFrom(fields: Collected["fields"], userId: string): string {
  if (fields.screenname) return fields.screenname.value;
  const name = [fields.firstname?.value, fields.lastname?.value].filter(Boolean).join(" ").trim();
  if (name) return name.slice(0, MAX_FIELD_LENGTH);
  if (fields.email) return fields.email.value;
  return anonymousScreenname(userId);
}

function safeUserId(userId: unknown): string {
  return typeof userId === "string" && userId.trim() ? userId.trim().slice(0, 255) : "unknown-user";
}

export function mapProfileToUser(profile: unknown, options: ProfileMappingOptions): ProfileMappingResult {
  const id = safeUserId(options.userId);
  const now = toIso(options.now) ?? new Date().toISOString();
  const source: Record<string, unknown> = isFlattenable(profile) ? profile : {};
  try {
    const created = toIso(source.createdAt) ?? now;
    const updated = toIso(source.lastChanged) ?? toIso(source.updatedAt) ?? now;
    if (source.prevent_data_collection === true && !options.ignorePreventDataCollection) {
      return {
        user: { id, screenname: anonymousScreenname(id), created_at: created, updated_at: updated },
        fields: {},
        contextKeys: {},
        dropped: Object.keys(source)
          .sort()
          .map((key) => ({ key, reason: "the user asked for no data collection (prevent_data_collection)" })),
        privacyMode: true,
      };
    }
    const collected = collect(source, options);
    const { data, keys } = buildContext(collected.context, collected.dropped);
    const user: SdkUser = {
      id,
      screenname: screennameFrom(collected.fields, id),
      created_at: created,
      updated_at: updated,
    };
    const fields: ProfileMappingResult["fields"] = {};
    for (const field of RCE_USER_FIELDS) {
      const entry = collected.fields[field];
      if (!entry || field === "screenname") continue;
      (user as unknown as Record<string, string>)[field] = entry.value;
      fields[field] = entry.key;
    }
    if (collected.fields.screenname) fields.screenname = collected.fields.screenname.key;
    if (Object.keys(data).length > 0) user.context_data = data;
    return { user, fields, contextKeys: keys, dropped: collected.dropped, privacyMode: false };
  } catch {
    // Exotic input (throwing getters, proxies): fall back to a user RCE accepts.
    return {
      user: { id, screenname: anonymousScreenname(id), created_at: now, updated_at: now },
      fields: {},
      contextKeys: {},
      dropped: [{ key: "*", reason: "the profile could not be read" }],
      privacyMode: false,
    };
  }
}
