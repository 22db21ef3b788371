/**
 * Gateway configuration: the same seven values as the Cognigy connection (checked by the same parser),
 * plus the webhook Verification Token, the Cognigy endpoint to deliver to, and where to listen.
 * From a JSON file, or from environment variables (file values win).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { EngageError } from "../engage/errors";
import { type HandoverIdentities, handoverIdentities } from "../engage/identities";
import { describeSecret } from "../engage/redact";
import {
  type EngageSettings,
  parseSettings,
  type RawConnection,
  SETTING_ENV_NAMES,
  SETTING_FIELDS,
} from "../engage/settings";
import type { GatewayLogLevel } from "./log";
import { DEFAULT_KEY_PREFIX, parseRedisUrl, redactUrlCredentials } from "./redisUrl";
import { validatorFor } from "./validators";

export interface GatewayConfig {
  settings: EngageSettings;
  /** Must equal the webhook's Verification Token in RCE. No default: a guessable one lets anyone subscribe. */
  verifyToken: string;
  /** Base URL of the Cognigy endpoint, e.g. https://endpoint-trial.cognigy.ai (…/notify/<URLToken> is appended). */
  cognigyEndpointUrl: string;
  host: string;
  port: number;
  /** Path configured as the source's Base URI and the webhook URL. */
  path: string;
  /** Declare messages.attachments so agents can send files (UNCONFIRMED together with view.messaging). */
  agentAttachments: boolean;
  /** Declare `threads` in implementation.info (quick-start.md's reading; README "Where RCE's docs disagree"). */
  declareThreads: boolean;
  /**
   * The id answered for an agent's message: "ours" (a new id of ours, default) or "in_reply_to_id"
   * (quick-start.md's example echoes that one; README "Where RCE's docs disagree").
   */
  agentReplyId: "ours" | "in_reply_to_id";
  /** The Bot and Agent identities created on implementation.info (same ids as the nodes use). */
  identities: HandoverIdentities;

  // Operations: logs, Cognigy timeout, connection cap.
  logLevel: GatewayLogLevel | "silent";
  /** How long a slow Cognigy may take to answer one delivery; past it the delivery is ambiguous. */
  cognigyTimeoutMs: number;
  maxConnections: number;
  /**
   * Redis or Valkey shared by every instance (replies and events delivered, claims, the thread cache);
   * without it the memory is this process's. May carry a password: a secret (redacted everywhere).
   */
  redisUrl?: string;
  /** Prefix of every Redis key, so several gateways (or other programs) can share one Redis. */
  redisKeyPrefix: string;
}

/** The gateway's own keys as an operator writes them (file or environment), before defaults. */
interface GatewayFileOptions {
  verifyToken: string;
  cognigyEndpointUrl: string;
  host?: string;
  port?: number;
  path?: string;
  agentAttachments?: boolean;
  declareThreads?: boolean;
  agentReplyId?: "ours" | "in_reply_to_id";
  botUserId?: string;
  botName?: string;
  agentUserId?: string;
  agentName?: string;

  // Operations
  logLevel?: GatewayLogLevel | "silent";
  cognigyTimeoutMs?: number;
  maxConnections?: number;
  redisUrl?: string;
  redisKeyPrefix?: string;
}

const validateOptions = validatorFor<GatewayFileOptions>("gatewayOptions");

function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(SETTING_ENV_NAMES)) if (env[name]) out[field] = env[name];
  if (env.GATEWAY_VERIFY_TOKEN) out.verifyToken = env.GATEWAY_VERIFY_TOKEN;
  if (env.COGNIGY_ENDPOINT_URL) out.cognigyEndpointUrl = env.COGNIGY_ENDPOINT_URL;
  if (env.GATEWAY_HOST) out.host = env.GATEWAY_HOST;
  if (env.GATEWAY_PORT || env.PORT) out.port = Number(env.GATEWAY_PORT ?? env.PORT);
  if (env.GATEWAY_PATH) out.path = env.GATEWAY_PATH;
  if (env.GATEWAY_AGENT_ATTACHMENTS) out.agentAttachments = env.GATEWAY_AGENT_ATTACHMENTS === "true";
  if (env.GATEWAY_DECLARE_THREADS) out.declareThreads = env.GATEWAY_DECLARE_THREADS === "true";
  for (const key of ["agentReplyId", "botUserId", "botName", "agentUserId", "agentName"] as const) {
    const value = env[GATEWAY_ENV_NAMES[key]];
    if (value) out[key] = value;
  }
  Object.assign(out, operationsFromEnv(env));
  return out;
}

// Operations: keys, their environment variables, strict key checking, a secret-free echo.

/** Environment variable of every gateway option (the seven settings use SETTING_ENV_NAMES). */
export const GATEWAY_ENV_NAMES: Record<keyof GatewayFileOptions, string> = {
  verifyToken: "GATEWAY_VERIFY_TOKEN",
  cognigyEndpointUrl: "COGNIGY_ENDPOINT_URL",
  host: "GATEWAY_HOST",
  port: "GATEWAY_PORT",
  path: "GATEWAY_PATH",
  agentAttachments: "GATEWAY_AGENT_ATTACHMENTS",
  declareThreads: "GATEWAY_DECLARE_THREADS",
  agentReplyId: "GATEWAY_AGENT_REPLY_ID",
  botUserId: "GATEWAY_BOT_USER_ID",
  botName: "GATEWAY_BOT_NAME",
  agentUserId: "GATEWAY_AGENT_USER_ID",
  agentName: "GATEWAY_AGENT_NAME",
  logLevel: "GATEWAY_LOG_LEVEL",
  cognigyTimeoutMs: "GATEWAY_COGNIGY_TIMEOUT_MS",
  maxConnections: "GATEWAY_MAX_CONNECTIONS",
  redisUrl: "GATEWAY_REDIS_URL",
  redisKeyPrefix: "GATEWAY_REDIS_KEY_PREFIX",
};

const ENV_NAMES: Record<string, string> = { ...SETTING_ENV_NAMES, ...GATEWAY_ENV_NAMES };
const REQUIRED = [...SETTING_FIELDS.map((f) => f.fieldName), "verifyToken", "cognigyEndpointUrl"];
const SECRET_KEYS = new Set<string>([
  ...SETTING_FIELDS.filter((f) => f.secret).map((f) => f.fieldName),
  "verifyToken",
]);

function operationsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.GATEWAY_LOG_LEVEL) out.logLevel = env.GATEWAY_LOG_LEVEL;
  if (env.GATEWAY_COGNIGY_TIMEOUT_MS) out.cognigyTimeoutMs = Number(env.GATEWAY_COGNIGY_TIMEOUT_MS);
  if (env.GATEWAY_MAX_CONNECTIONS) out.maxConnections = Number(env.GATEWAY_MAX_CONNECTIONS);
  if (env.GATEWAY_REDIS_URL) out.redisUrl = env.GATEWAY_REDIS_URL;
  if (env.GATEWAY_REDIS_KEY_PREFIX !== undefined) out.redisKeyPrefix = env.GATEWAY_REDIS_KEY_PREFIX;
  return out;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Keys of a configuration file the gateway does not know, each with the nearest known key. */
export function unknownKeys(raw: Record<string, unknown>): string[] {
  const known = Object.keys(ENV_NAMES);
  return Object.keys(raw)
    .filter((key) => !Object.hasOwn(ENV_NAMES, key) && key !== "$schema")
    .map((key) => {
      const best = known
        .map((k) => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) }))
        .sort((x, y) => x.d - y.d)[0];
      const safe = JSON.stringify(key.slice(0, 60));
      return best && best.d <= Math.max(2, Math.floor(key.length / 3))
        ? `${safe} (did you mean "${best.k}"?)`
        : safe;
    });
}

function missingKeys(raw: Record<string, unknown>): string[] {
  return REQUIRED.filter((key) => raw[key] === undefined || raw[key] === "");
}

/** The configuration as it will be used, secrets shown as "set, N characters". */
export function describeGatewayConfig(config: GatewayConfig): Record<string, unknown> {
  const { settings } = config;
  const out: Record<string, unknown> = {
    apiAccessToken: describeSecret(settings.apiAccessToken),
    realtimeAccessToken: describeSecret(settings.realtimeAccessToken),
    webhookSecret: describeSecret(settings.webhookSecret),
    botCategoryId: settings.botCategoryId,
    agentCategoryId: settings.agentCategoryId,
    baseApiUrl: settings.baseApiUrl,
    realtimeEndpointUrl: settings.realtimeEndpointUrl,
  };
  for (const [key, value] of Object.entries(config)) {
    if (key === "settings") continue;
    if (key === "redisUrl" || key === "cognigyEndpointUrl") {
      out[key] = typeof value === "string" ? redactUrlCredentials(value) : value;
      continue;
    }
    out[key] = SECRET_KEYS.has(key) ? describeSecret(String(value)) : value;
  }
  return out;
}

/**
 * The gateway posts to `<cognigyEndpointUrl>/notify/<URLToken>`: the URL must parse and carry no
 * query or fragment (they would end up before the route).
 */
function cognigyEndpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a valid URL: use the Endpoint's base URL, e.g. https://endpoint-trial.cognigy.ai (environment COGNIGY_ENDPOINT_URL).";
  }
  if (url.search || url.hash || value.includes("?") || value.includes("#"))
    return "must not have a query or fragment: use the Endpoint's base URL, e.g. https://endpoint-trial.cognigy.ai (environment COGNIGY_ENDPOINT_URL).";
  return undefined;
}

/** Checks and normalises; throws one EngageError "config" naming every bad value. */
export function parseGatewayConfig(raw: Record<string, unknown>): GatewayConfig {
  const unknown = unknownKeys(raw);
  if (unknown.length > 0)
    throw new EngageError(
      "config",
      `Gateway configuration: unknown key${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}. Known keys: ${Object.keys(ENV_NAMES).join(", ")}.`,
      { fields: ["gateway options"] },
    );
  const missing = missingKeys(raw);
  if (missing.length > 0)
    throw new EngageError(
      "config",
      `Gateway configuration: ${missing.map((key) => `${key} is missing (environment ${ENV_NAMES[key]})`).join("; ")}.${missing.includes("verifyToken") ? " The verification token has no default on purpose." : ""}`,
      { fields: missing },
    );
  const settings = parseSettings(raw as RawConnection);
  const options = validateOptions(raw);
  if (!options.ok) {
    const missing = ["verifyToken", "cognigyEndpointUrl"].filter((k) => !raw[k]);
    const message = missing.length
      ? `Gateway configuration: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing (env GATEWAY_VERIFY_TOKEN, COGNIGY_ENDPOINT_URL). The verification token has no default on purpose.`
      : `Gateway configuration: ${options.problems.slice(0, 3).join("; ")}.`;
    throw new EngageError("config", message, { fields: missing.length ? missing : ["gateway options"] });
  }
  const o = options.value;
  const endpointProblem = cognigyEndpointProblem(o.cognigyEndpointUrl);
  if (endpointProblem)
    throw new EngageError("config", `Gateway configuration: cognigyEndpointUrl ${endpointProblem}`, {
      fields: ["cognigyEndpointUrl"],
    });
  return {
    settings,
    verifyToken: o.verifyToken,
    cognigyEndpointUrl: o.cognigyEndpointUrl.replace(/\/+$/, ""),
    host: o.host ?? "0.0.0.0",
    port: o.port ?? 8080,
    path: o.path ?? "/handover/rce",
    agentAttachments: o.agentAttachments ?? false,
    declareThreads: o.declareThreads ?? false,
    agentReplyId: o.agentReplyId ?? "ours",
    identities: handoverIdentities({
      botId: o.botUserId,
      botName: o.botName,
      agentId: o.agentUserId,
      agentName: o.agentName,
    }),
    logLevel: o.logLevel ?? "info",
    cognigyTimeoutMs: o.cognigyTimeoutMs ?? 20_000,
    maxConnections: o.maxConnections ?? 2000,
    ...(o.redisUrl ? { redisUrl: checkedRedisUrl(o.redisUrl) } : {}),
    redisKeyPrefix: o.redisKeyPrefix ?? DEFAULT_KEY_PREFIX,
  };
}

function checkedRedisUrl(url: string): string {
  try {
    parseRedisUrl(url);
  } catch (error) {
    // The parser's message never quotes the URL (it may carry a password).
    throw new EngageError("config", `Gateway configuration: ${(error as Error).message}.`, {
      fields: ["redisUrl"],
    });
  }
  return url;
}

/**
 * Secrets of the gateway's own keys, for the redactor: the Verification Token, the passwords in
 * Redis' URL and in Cognigy's endpoint URL.
 */
export function gatewaySecrets(config: GatewayConfig): string[] {
  const redisPassword = config.redisUrl ? parseRedisUrl(config.redisUrl).password : undefined;
  const cognigyPassword = decodeURIComponent(new URL(config.cognigyEndpointUrl).password);
  return [config.verifyToken, ...[redisPassword, cognigyPassword].filter((p): p is string => !!p)];
}

/** A JSON file given with --config (or as first argument), over the environment. */
export function loadGatewayConfig(argv: readonly string[], env: NodeJS.ProcessEnv): GatewayConfig {
  let file: string | undefined;
  try {
    // The same command line as the other tools: --config <file>, or the file alone.
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { config: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1 || (positionals.length === 1 && values.config))
      throw new Error("give one configuration file: --config gateway.json");
    file = values.config ?? positionals[0];
  } catch (error) {
    throw new EngageError("config", `Gateway command line: ${(error as Error).message}.`);
  }
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (error) {
      // Not the parser's message: it may quote the file, tokens included.
      const at = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
      const why = (error as NodeJS.ErrnoException).code ?? `not valid JSON${at ? ` at character ${at}` : ""}`;
      const hint =
        why === "ENOENT"
          ? " Copy gateway.example.json to that name and put your values in, or set the environment variables instead."
          : "";
      throw new EngageError("config", `Cannot read the gateway configuration file ${file} (${why}).${hint}`);
    }
  }
  return parseGatewayConfig({ ...fromEnv(env), ...fromFile });
}
