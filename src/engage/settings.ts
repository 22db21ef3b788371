/**
 * The seven connection settings: one table (SETTING_OPTIONS) with each setting's key, form label,
 * environment variable, form and whether it is a secret; checked, then normalised once into
 * EngageSettings. Every problem is reported at once, each naming the field the way the caller says
 * (the form's label by default; the gateway and the tools name the file key or RCE_* variable), and
 * no message echoes a secret.
 */

import {
  type OptionProblem,
  type OptionSources,
  type ReadOptions,
  type ReadResult,
  readOptions,
} from "../options/read";
import { isPlaceholder, PLACEHOLDER_FIX, weakSecretProblem } from "../options/secrets";
import { formOf, type OptionRow, type OptionTable, type TextRow } from "../options/table";
import { EngageError } from "./errors";
import { createRedactor, type Redactor } from "./redact";

const TOKEN_PATTERN = "^[\\x21-\\x7e]{8,1024}$";
const CATEGORY_ID_PATTERN = "^[A-Za-z0-9_-]{1,64}$";
const CATEGORY_FORM =
  "the id from the category's admin URL (…/admin/categories/<CATEGORY_ID>/edit): letters, digits, - and _ only";

/** A connection setting: an option row (always required, always text) with the form's label. */
export interface SettingRow extends TextRow {
  label: string;
  required: true;
}

/**
 * The seven settings, in the form's order. To add one: a row here, its description in
 * src/connections/engageConnection.ts, and its field in EngageSettings.
 */
export const SETTING_OPTIONS = {
  apiAccessToken: {
    kind: "text",
    label: "API Access Token",
    env: "RCE_API_ACCESS_TOKEN",
    secret: true,
    issued: true,
    required: true,
    pattern: TOKEN_PATTERN,
    form: "the whole token from RCE Admin > API access tokens (8 to 1024 characters, no spaces or line breaks)",
    help: "token from RCE Admin > API access tokens (setup step 1); a leading `Bearer` prefix is removed",
  },
  botCategoryId: {
    kind: "text",
    label: "Bot Category ID",
    env: "RCE_BOT_CATEGORY_ID",
    required: true,
    pattern: CATEGORY_ID_PATTERN,
    form: CATEGORY_FORM,
    help: "id of the Bot category (setup step 2); the id or the whole admin URL",
  },
  agentCategoryId: {
    kind: "text",
    label: "Agent Category ID",
    env: "RCE_AGENT_CATEGORY_ID",
    required: true,
    pattern: CATEGORY_ID_PATTERN,
    form: CATEGORY_FORM,
    help: "id of the Agent category (setup step 2); must differ from the Bot one",
  },
  realtimeAccessToken: {
    kind: "text",
    label: "Realtime Access Token",
    env: "RCE_REALTIME_ACCESS_TOKEN",
    secret: true,
    issued: true,
    required: true,
    pattern: TOKEN_PATTERN,
    form: "the whole 'API access token' of the SDK source (Admin > Sources; 8 to 1024 characters, no spaces)",
    help: "the SDK source's own API access token (setup step 3); must differ from the API Access Token",
  },
  realtimeEndpointUrl: {
    kind: "text",
    label: "Realtime Endpoint URL",
    env: "RCE_REALTIME_ENDPOINT_URL",
    required: true,
    maxLength: 2048,
    help: "`https://<acct>.<platform>/realtime/sdk/<source id>` from the source's Implementation Details (step 3)",
  },
  webhookSecret: {
    kind: "text",
    label: "Webhook Secret",
    env: "RCE_WEBHOOK_SECRET",
    secret: true,
    required: true,
    maxLength: 255,
    // ASCII and fewer than 256 characters, no minimum (webhooks/create.md); it travels in a header.
    pattern: "^[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?$",
    form: "the webhook's Secret: 1 to 255 printable ASCII characters (Admin > Webhooks)",
    help: "the webhook's Secret (setup step 5)",
  },
  baseApiUrl: {
    kind: "text",
    label: "Base API URL",
    env: "RCE_BASE_API_URL",
    required: true,
    maxLength: 2048,
    help: "your RCE address with `api.` after the account name, e.g. `acme.api.engagement.dimelo.com` (step 6)",
  },
} as const satisfies Record<string, SettingRow>;

export type SettingField = keyof typeof SETTING_OPTIONS;

/**
 * The seven settings as a file or the environment gives them: required text, secrets marked. Their
 * form is checked by checkSettings, which names the fix for each.
 */
export const SETTINGS_AS_GIVEN: OptionTable = Object.fromEntries(
  Object.entries(SETTING_OPTIONS).map(([key, row]): [string, OptionRow] => [
    key,
    {
      kind: "text",
      env: row.env,
      required: true,
      secret: "secret" in row && row.secret,
      issued: "issued" in row && row.issued,
      help: row.help,
    },
  ]),
);

/** The settings in the form's order, with their label and whether they are secret. */
export const SETTING_FIELDS = Object.entries(SETTING_OPTIONS).map(([fieldName, row]) => ({
  fieldName: fieldName as SettingField,
  label: row.label,
  secret: "secret" in row && row.secret === true,
}));

/** Environment variable names of the settings, for the gateway and the command-line tools. */
export const SETTING_ENV_NAMES = Object.fromEntries(
  Object.entries(SETTING_OPTIONS).map(([key, row]) => [key, row.env]),
) as Record<SettingField, string>;

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

/** How a message names a setting; by default as the Connection form shows it. */
export type SettingName = (field: SettingField) => string;

const LABEL: SettingName = (field) => SETTING_OPTIONS[field].label;

/** RCE's documented platform hosts; other hosts are accepted as they are (regional hosts are undocumented). */
const KNOWN_PLATFORMS = ["engagement.dimelo.com", "digital.ringcentral.com"];

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

interface SettingProblem {
  field: SettingField;
  message: string;
}

/** What is wrong with one pretreated value of a row, worded to follow its name. */
function shapeProblem(row: SettingRow, value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return "is empty";
  if (typeof value !== "string") return `must be text, not ${typeof value}`;
  if (isPlaceholder(value)) return `is still a placeholder: ${PLACEHOLDER_FIX}`;
  if (row.maxLength !== undefined && value.length > row.maxLength)
    return row.form ? `must be ${formOf(row)}` : "is too long";
  if (row.pattern && !new RegExp(row.pattern, "u").test(value)) return `must be ${formOf(row)}`;
  return undefined;
}

/** Each field on its own, so one empty field does not hide another's wrong form. */
function shapeProblems(data: Record<string, unknown>, name: SettingName): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const [field, row] of Object.entries(SETTING_OPTIONS) as [SettingField, SettingRow][]) {
    const problem = shapeProblem(row, data[field]);
    if (problem) problems.push({ field, message: `${name(field)} ${problem}.` });
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

function parseUrl(field: SettingField, input: string, name: SettingName): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw configError(field, `${name(field)} is not a valid URL.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw configError(field, `${name(field)} must use https:// (plain http is accepted only for localhost).`);
  }
  if (url.username || url.password) {
    throw configError(field, `${name(field)} must not contain a user name or password.`);
  }
  if (!isLoopback(url.hostname) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname)) {
    throw configError(
      field,
      `${name(field)} must start with a host name such as acme.engagement.dimelo.com.`,
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

export function normaliseBaseApiUrl(
  input: string,
  name: SettingName = LABEL,
): { baseApiUrl: string; account?: string } {
  const url = parseUrl("baseApiUrl", input, name);
  const host = url.hostname.toLowerCase();
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/realtime\/sdk\//.test(path)) {
    throw configError(
      "baseApiUrl",
      `${name("baseApiUrl")} looks like the Realtime Endpoint URL. Build it from your RCE address by inserting 'api.' after the account name, e.g. acme.api.engagement.dimelo.com.`,
    );
  }
  if (path !== "" && path !== "/1.0") {
    throw configError(
      "baseApiUrl",
      `${name("baseApiUrl")} must be just the host (optionally ending in /1.0), not a path like '${path}'.`,
    );
  }
  const known = splitKnownHost(host);
  if (known && !known.api) {
    throw configError(
      "baseApiUrl",
      `${name("baseApiUrl")} must contain 'api.' after the account name: use ${known.account}.api.${known.platform} (your agent address with 'api.' inserted).`,
    );
  }
  return { baseApiUrl: `${url.protocol}//${url.host.toLowerCase()}/1.0`, account: known?.account };
}

export function normaliseRealtimeEndpointUrl(
  input: string,
  name: SettingName = LABEL,
): {
  realtimeEndpointUrl: string;
  sourceId: string;
  account?: string;
} {
  const url = parseUrl("realtimeEndpointUrl", input, name);
  const host = url.hostname.toLowerCase();
  const match = /^\/realtime\/sdk\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
  if (!match) {
    throw configError(
      "realtimeEndpointUrl",
      `${name("realtimeEndpointUrl")} must look like https://<account>.engagement.dimelo.com/realtime/sdk/<source id>: copy it from the SDK source's Implementation Details (Admin > Sources).`,
    );
  }
  const known = splitKnownHost(host);
  if (known?.api) {
    throw configError(
      "realtimeEndpointUrl",
      `${name("realtimeEndpointUrl")}'s host has no 'api.': use ${known.account}.${known.platform} as shown in the SDK source's Implementation Details.`,
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
  return new EngageError("config", message, { fields: fields.map(LABEL) });
}

/**
 * Checks and normalises the connection: the settings, or every problem found (each naming its field
 * with `name`, none quoting a secret).
 */
export function checkSettings(
  raw: RawConnection,
  name: SettingName = LABEL,
): { settings: EngageSettings; problems: [] } | { settings?: undefined; problems: OptionProblem[] } {
  const data = pretreat(raw);
  const problems = shapeProblems(data, name);
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
    base = normaliseBaseApiUrl(values.baseApiUrl, name);
  });
  collect("realtimeEndpointUrl", () => {
    realtime = normaliseRealtimeEndpointUrl(values.realtimeEndpointUrl, name);
  });
  if (base?.account && realtime?.account && base.account !== realtime.account) {
    problems.push({
      field: "realtimeEndpointUrl",
      message: `${name("baseApiUrl")} (account '${base.account}') and ${name("realtimeEndpointUrl")} (account '${realtime.account}') point to different RCE accounts.`,
    });
  }
  if (
    !fieldOf.has("botCategoryId") &&
    !fieldOf.has("agentCategoryId") &&
    values.botCategoryId === values.agentCategoryId
  ) {
    problems.push({
      field: "agentCategoryId",
      message: `${name("botCategoryId")} and ${name("agentCategoryId")} are the same: the Agent category must be a different category (setup step 2).`,
    });
  }
  if (
    !fieldOf.has("apiAccessToken") &&
    !fieldOf.has("realtimeAccessToken") &&
    values.apiAccessToken === values.realtimeAccessToken
  ) {
    problems.push({
      field: "realtimeAccessToken",
      message: `${name("realtimeAccessToken")} equals the ${name("apiAccessToken")}: the realtime one is the SDK source's own 'API access token' (Admin > Sources, setup step 3).`,
    });
  }

  if (problems.length > 0 || !base || !realtime) {
    // Secrets pasted into the wrong field must not come back in a message either.
    const redact = redactorFor(data);
    return {
      problems: problems.map((p) => ({ key: p.field, message: redact(p.message).replace(/\.$/, "") })),
    };
  }
  return {
    problems: [],
    settings: {
      apiAccessToken: values.apiAccessToken,
      realtimeAccessToken: values.realtimeAccessToken,
      webhookSecret: values.webhookSecret,
      botCategoryId: values.botCategoryId,
      agentCategoryId: values.agentCategoryId,
      baseApiUrl: base.baseApiUrl,
      realtimeEndpointUrl: realtime.realtimeEndpointUrl,
      sourceId: realtime.sourceId,
    },
  };
}

/**
 * Reads a table that holds the seven settings (SETTINGS_AS_GIVEN and maybe more) from a file and the
 * environment, then checks the settings' forms: every problem once, named as the user wrote the key.
 */
export function readWithSettings(
  table: OptionTable,
  sources: OptionSources,
  options: ReadOptions = {},
): { read: ReadResult; settings?: EngageSettings; problems: OptionProblem[] } {
  const read = readOptions(table, sources, options);
  const problems = [...read.problems];
  const flagged = new Set(problems.map((p) => p.key));
  const raw: RawConnection = {};
  for (const key of Object.keys(SETTING_OPTIONS) as SettingField[])
    if (!flagged.has(key)) raw[key] = read.values[key];
  const checked = checkSettings(raw, read.nameOf as SettingName);
  problems.push(...checked.problems.filter((p) => !flagged.has(p.key)));
  return { read, settings: problems.length === 0 ? checked.settings : undefined, problems };
}

/** `checkSettings` for the nodes: throws one EngageError "config" listing every problem, by label. */
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
  const checked = checkSettings(raw);
  if (checked.settings) return checked.settings;
  const { problems } = checked;
  const message =
    problems.length === 1
      ? `RingCentral Engage connection: ${problems[0].message}.`
      : `RingCentral Engage connection has ${problems.length} problems: ${problems.map((p) => `${p.message}.`).join(" ")}`;
  throw configError([...new Set(problems.map((p) => p.key as SettingField))], message);
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

/**
 * Why the Webhook Secret cannot be trusted (a placeholder, a known default, under 16 characters), or
 * undefined; the gateway refuses to start with such a secret and Check RCE Setup fails on it, in the
 * same words. Never the secret itself.
 */
export function weakSecretWarning(settings: Pick<EngageSettings, "webhookSecret">): string | undefined {
  const problem = weakSecretProblem(settings.webhookSecret);
  if (!problem) return undefined;
  const { label, env } = SETTING_OPTIONS.webhookSecret;
  return `${label} (webhookSecret, ${env}) ${problem}. RCE accepts any Secret, but whoever guesses it can post webhook events to the gateway, which therefore refuses to start with it: set a new one in RCE Admin > Webhooks and here.`;
}

/** What may be shown about the settings: everything except the three secrets. */
export function publicSettings(
  settings: EngageSettings,
): Omit<EngageSettings, "apiAccessToken" | "realtimeAccessToken" | "webhookSecret"> {
  const { apiAccessToken: _a, realtimeAccessToken: _r, webhookSecret: _w, ...rest } = settings;
  return rest;
}
