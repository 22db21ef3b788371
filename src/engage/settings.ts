/**
 * The seven connection settings: checked with ajv, then normalised once into EngageSettings.
 * Errors name the field the way the Connection form shows it and never echo a secret.
 */

import { EngageError } from "./errors";
import { createRedactor, type Redactor } from "./redact";
import { validatorFor } from "./validators";

export const SETTING_FIELDS = [
  { fieldName: "apiAccessToken", label: "API Access Token", secret: true },
  { fieldName: "botCategoryId", label: "Bot Category ID", secret: false },
  { fieldName: "agentCategoryId", label: "Agent Category ID", secret: false },
  { fieldName: "realtimeAccessToken", label: "Realtime Access Token", secret: true },
  { fieldName: "realtimeEndpointUrl", label: "Realtime Endpoint URL", secret: false },
  { fieldName: "webhookSecret", label: "Webhook Secret", secret: true },
  { fieldName: "baseApiUrl", label: "Base API URL", secret: false },
] as const;

export type SettingField = (typeof SETTING_FIELDS)[number]["fieldName"];

/** Environment variable names of the settings, for the gateway and the command-line tools. */
export const SETTING_ENV_NAMES: Record<SettingField, string> = {
  apiAccessToken: "RCE_API_ACCESS_TOKEN",
  botCategoryId: "RCE_BOT_CATEGORY_ID",
  agentCategoryId: "RCE_AGENT_CATEGORY_ID",
  realtimeAccessToken: "RCE_REALTIME_ACCESS_TOKEN",
  realtimeEndpointUrl: "RCE_REALTIME_ENDPOINT_URL",
  webhookSecret: "RCE_WEBHOOK_SECRET",
  baseApiUrl: "RCE_BASE_API_URL",
};
export type RawConnection = Partial<Record<SettingField, unknown>>;

export interface EngageSettings {
  apiAccessToken: string;
  realtimeAccessToken: string;
  webhookSecret: string;
  botCategoryId: string;
  agentCategoryId: string;
  /** REST root, always ending in /1.0: "https://acme.api.engagement.dimelo.com/1.0". */
  baseApiUrl: string;
  /** Send API URL: "https://acme.engagement.dimelo.com/realtime/sdk/<sourceId>". */
  realtimeEndpointUrl: string;
  /** The SDK source's id, taken from the Realtime Endpoint URL. */
  sourceId: string;
}

const LABEL: Record<SettingField, string> = Object.fromEntries(
  SETTING_FIELDS.map((f) => [f.fieldName, f.label]),
) as Record<SettingField, string>;

/** RCE's documented platform hosts; other hosts are accepted as they are (regional hosts are undocumented). */
const KNOWN_PLATFORMS = ["engagement.dimelo.com", "digital.ringcentral.com"];
const validateShape = validatorFor<Record<SettingField, string>>("connectionSettings");

const FIX_BY_PATTERN: Record<SettingField, string> = {
  apiAccessToken:
    "must be the whole token from RCE Admin > API access tokens (at least 8 characters, no spaces or line breaks)",
  realtimeAccessToken:
    "must be the whole 'API access token' of the SDK source (Admin > Sources; at least 8 characters, no spaces)",
  webhookSecret: "must be the webhook's Secret: 1 to 255 printable ASCII characters (Admin > Webhooks)",
  botCategoryId:
    "must be the id from the category's admin URL (…/admin/categories/<CATEGORY_ID>/edit): letters, digits, - and _ only",
  agentCategoryId:
    "must be the id from the category's admin URL (…/admin/categories/<CATEGORY_ID>/edit): letters, digits, - and _ only",
  realtimeEndpointUrl: "is too long",
  baseApiUrl: "is too long",
};

/** Forms may hand over numbers or padded strings; keep only trimmed strings, drop the rest. */
function pretreat(raw: RawConnection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { fieldName } of SETTING_FIELDS) {
    let value = raw[fieldName];
    if (typeof value === "number" && Number.isFinite(value)) value = String(value);
    if (typeof value === "string") {
      value = value.trim();
      if (fieldName === "apiAccessToken" || fieldName === "realtimeAccessToken") {
        value = (value as string).replace(/^bearer\s+/i, "");
      }
      if (fieldName === "botCategoryId" || fieldName === "agentCategoryId")
        value = categoryIdFrom(value as string);
    }
    out[fieldName] = value;
  }
  return out;
}

/** Admins often paste the whole admin URL; the id is what sits between /categories/ and /edit. */
function categoryIdFrom(value: string): string {
  const match = /\/categories\/([^/?#\s]+)/.exec(value);
  return match ? match[1] : value;
}

function shapeProblems(data: Record<string, unknown>): { field: SettingField; message: string }[] {
  const problems: { field: SettingField; message: string }[] = [];
  for (const { fieldName } of SETTING_FIELDS) {
    const value = data[fieldName];
    if (value === undefined || value === null || value === "") {
      problems.push({ field: fieldName, message: `${LABEL[fieldName]} is empty.` });
    } else if (typeof value !== "string") {
      problems.push({ field: fieldName, message: `${LABEL[fieldName]} must be text, not ${typeof value}.` });
    }
  }
  if (problems.length > 0) return problems;
  const result = validateShape(data);
  if (result.ok) return [];
  for (const problem of result.problems) {
    const field = SETTING_FIELDS.find((f) => problem.startsWith(`${f.fieldName} `))?.fieldName;
    if (field && !problems.some((p) => p.field === field)) {
      problems.push({ field, message: `${LABEL[field]} ${FIX_BY_PATTERN[field]}.` });
    }
  }
  return problems;
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "[::1]" ||
    hostname === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

function parseUrl(field: SettingField, input: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw configError(field, `${LABEL[field]} is not a valid URL.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw configError(
      field,
      `${LABEL[field]} must use https:// (plain http is accepted only for localhost).`,
    );
  }
  if (url.username || url.password) {
    throw configError(field, `${LABEL[field]} must not contain a user name or password.`);
  }
  if (!isLoopback(url.hostname) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname)) {
    throw configError(
      field,
      `${LABEL[field]} must start with a host name such as acme.engagement.dimelo.com.`,
    );
  }
  return url;
}

/** "acme.api.engagement.dimelo.com" -> { account: "acme", platform: "engagement.dimelo.com", api: true } */
function splitKnownHost(hostname: string): { account: string; platform: string; api: boolean } | undefined {
  for (const platform of KNOWN_PLATFORMS) {
    if (hostname === platform || !hostname.endsWith(`.${platform}`)) continue;
    const prefix = hostname.slice(0, -platform.length - 1);
    if (prefix.endsWith(".api")) return { account: prefix.slice(0, -4), platform, api: true };
    return { account: prefix, platform, api: false };
  }
  return undefined;
}

/**
 * The Base API URL of a known RCE host, from the Realtime Endpoint URL (setup step 6: "api." after
 * the account name); undefined for hosts RCE does not document (regional or test hosts).
 */
export function baseApiUrlFor(realtimeEndpointUrl: string): string | undefined {
  try {
    const url = new URL(realtimeEndpointUrl);
    const known = splitKnownHost(url.hostname.toLowerCase());
    if (!known || known.api) return undefined;
    return `https://${known.account}.api.${known.platform}/1.0`;
  } catch {
    return undefined;
  }
}

export function normaliseBaseApiUrl(input: string): { baseApiUrl: string; account?: string } {
  const url = parseUrl("baseApiUrl", input);
  const host = url.hostname.toLowerCase();
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/realtime\/sdk\//.test(path)) {
    throw configError(
      "baseApiUrl",
      "Base API URL looks like the Realtime Endpoint URL. Build it from your RCE address by inserting 'api.' after the account name, e.g. acme.api.engagement.dimelo.com.",
    );
  }
  if (path !== "" && path !== "/1.0") {
    throw configError(
      "baseApiUrl",
      `Base API URL must be just the host (optionally ending in /1.0), not a path like '${path}'.`,
    );
  }
  const known = splitKnownHost(host);
  if (known && !known.api) {
    throw configError(
      "baseApiUrl",
      `Base API URL must contain 'api.' after the account name: use ${known.account}.api.${known.platform} (your agent address with 'api.' inserted).`,
    );
  }
  return { baseApiUrl: `${url.protocol}//${url.host.toLowerCase()}/1.0`, account: known?.account };
}

export function normaliseRealtimeEndpointUrl(input: string): {
  realtimeEndpointUrl: string;
  sourceId: string;
  account?: string;
} {
  const url = parseUrl("realtimeEndpointUrl", input);
  const host = url.hostname.toLowerCase();
  const match = /^\/realtime\/sdk\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
  if (!match) {
    throw configError(
      "realtimeEndpointUrl",
      "Realtime Endpoint URL must look like https://<account>.engagement.dimelo.com/realtime/sdk/<source id>: copy it from the SDK source's Implementation Details (Admin > Sources).",
    );
  }
  const known = splitKnownHost(host);
  if (known?.api) {
    throw configError(
      "realtimeEndpointUrl",
      `Realtime Endpoint URL's host has no 'api.': use ${known.account}.${known.platform} as shown in the SDK source's Implementation Details.`,
    );
  }
  return {
    realtimeEndpointUrl: `${url.protocol}//${url.host.toLowerCase()}/realtime/sdk/${match[1]}`,
    sourceId: match[1],
    account: known?.account,
  };
}

function configError(field: SettingField | SettingField[], message: string): EngageError {
  const fields = Array.isArray(field) ? field : [field];
  return new EngageError("config", message, { fields: fields.map((f) => LABEL[f]) });
}

/**
 * Checks and normalises the connection. Throws one EngageError of kind "config" that lists every
 * problem found, each naming its field.
 */
export function parseSettings(raw: RawConnection | null | undefined): EngageSettings {
  if (!raw || typeof raw !== "object") {
    throw new EngageError(
      "config",
      "No RingCentral Engage connection settings were given: select the connection.",
      {
        fields: ["Connection"],
      },
    );
  }
  const data = pretreat(raw);
  const problems = shapeProblems(data);
  const values = data as Record<SettingField, string>;
  const fieldOf = new Set(problems.map((p) => p.field));
  const collect = (field: SettingField, run: () => void) => {
    if (fieldOf.has(field)) return;
    try {
      run();
    } catch (error) {
      if (!(error instanceof EngageError)) throw error;
      problems.push({ field, message: error.message });
      fieldOf.add(field);
    }
  };

  let base: ReturnType<typeof normaliseBaseApiUrl> | undefined;
  let realtime: ReturnType<typeof normaliseRealtimeEndpointUrl> | undefined;
  collect("baseApiUrl", () => {
    base = normaliseBaseApiUrl(values.baseApiUrl);
  });
  collect("realtimeEndpointUrl", () => {
    realtime = normaliseRealtimeEndpointUrl(values.realtimeEndpointUrl);
  });
  if (base?.account && realtime?.account && base.account !== realtime.account) {
    problems.push({
      field: "realtimeEndpointUrl",
      message: `Base API URL (account '${base.account}') and Realtime Endpoint URL (account '${realtime.account}') point to different RCE accounts.`,
    });
  }
  if (
    !fieldOf.has("botCategoryId") &&
    !fieldOf.has("agentCategoryId") &&
    values.botCategoryId === values.agentCategoryId
  ) {
    problems.push({
      field: "agentCategoryId",
      message:
        "Bot Category ID and Agent Category ID are the same: the Agent category must be a different category (setup step 2).",
    });
  }
  if (
    !fieldOf.has("apiAccessToken") &&
    !fieldOf.has("realtimeAccessToken") &&
    values.apiAccessToken === values.realtimeAccessToken
  ) {
    problems.push({
      field: "realtimeAccessToken",
      message:
        "Realtime Access Token equals the API Access Token: the realtime one is the SDK source's own 'API access token' (Admin > Sources, setup step 3).",
    });
  }

  if (problems.length > 0 || !base || !realtime) {
    const message =
      problems.length === 1
        ? `RingCentral Engage connection: ${problems[0].message}`
        : `RingCentral Engage connection has ${problems.length} problems: ${problems.map((p) => p.message).join(" ")}`;
    // Secrets pasted into the wrong field must not come back in a message either.
    const redact = redactorFor(data);
    throw configError([...new Set(problems.map((p) => p.field))], redact(message));
  }

  return {
    apiAccessToken: values.apiAccessToken,
    realtimeAccessToken: values.realtimeAccessToken,
    webhookSecret: values.webhookSecret,
    botCategoryId: values.botCategoryId,
    agentCategoryId: values.agentCategoryId,
    baseApiUrl: base.baseApiUrl,
    realtimeEndpointUrl: realtime.realtimeEndpointUrl,
    sourceId: realtime.sourceId,
  };
}

/**
 * A redactor for every secret of a connection, raw or parsed: the one list of what never appears in
 * a message, log or result (pasted values are trimmed and a leading "Bearer " dropped, as parsing does).
 * `extra` adds secrets that live outside the connection (the gateway's Verification Token).
 */
export function redactorFor(
  connection: RawConnection | EngageSettings | undefined,
  ...extra: (string | undefined)[]
): Redactor {
  const values = SETTING_FIELDS.filter((field) => field.secret).map(({ fieldName }) => {
    const value = (connection as Record<string, unknown> | undefined)?.[fieldName];
    return typeof value === "string" ? value.trim().replace(/^bearer\s+/i, "") : undefined;
  });
  return createRedactor([...values, ...extra]);
}

/** Below this, a secret is easy to guess; RCE itself sets no minimum (webhooks/create.md). */
export const STRONG_SECRET_CHARS = 16;

/** A warning (never the secret) when the Webhook Secret is accepted but weak. */
export function weakSecretWarning(settings: Pick<EngageSettings, "webhookSecret">): string | undefined {
  const length = settings.webhookSecret.length;
  if (length >= STRONG_SECRET_CHARS) return undefined;
  return `Webhook Secret has only ${length} character(s). RCE accepts any length, but whoever guesses it can post webhook events to the gateway: use ${STRONG_SECRET_CHARS} or more random characters (32 recommended), in RCE Admin > Webhooks and here.`;
}

/** What may be shown about the settings: everything except the three secrets. */
export function publicSettings(
  settings: EngageSettings,
): Omit<EngageSettings, "apiAccessToken" | "realtimeAccessToken" | "webhookSecret"> {
  const { apiAccessToken: _a, realtimeAccessToken: _r, webhookSecret: _w, ...rest } = settings;
  return rest;
}
