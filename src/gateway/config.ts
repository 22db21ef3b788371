/**
 * Gateway configuration: the seven connection settings (checked by the connection's own parser) and
 * the gateway's options (./options.ts), from a JSON file and the environment (file values win).
 * Every problem is reported at once, each naming the key as it was written; none quotes a secret.
 */
import { EngageError } from "../engage/errors";
import { type HandoverIdentities, handoverIdentities } from "../engage/identities";
import { describeSecret } from "../engage/redact";
import {
  type EngageSettings,
  type RawConnection,
  readWithSettings,
  SETTING_OPTIONS,
  SETTINGS_AS_GIVEN,
  type SettingField,
} from "../engage/settings";
import { InputError, parseCommandLine, readJsonObject } from "../options/file";
import { type Environment, type OptionProblem, problemsMessage, readOptions } from "../options/read";
import type { OptionRow, OptionTable, OptionValues } from "../options/table";
import { optionLines } from "../options/usage";
import { GATEWAY_OPTIONS } from "./options";

type GatewayOptionValues = OptionValues<typeof GATEWAY_OPTIONS>;
type IdentityKey = "botUserId" | "botName" | "agentUserId" | "agentName";

/** The configuration in use: every gateway option of the table (identities grouped), and the settings. */
export type GatewayConfig = Omit<GatewayOptionValues, IdentityKey> & {
  settings: EngageSettings;
  /** The Bot and Agent identities created on implementation.info (same ids as the nodes use). */
  identities: HandoverIdentities;
};

/**
 * Every key of a gateway file: the seven settings (their form is checked by checkSettings, so here
 * only their presence, placeholders and weak secrets) and the gateway's own options.
 */
export const GATEWAY_FILE_OPTIONS: OptionTable = { ...SETTINGS_AS_GIVEN, ...GATEWAY_OPTIONS };

/** Environment variable of every gateway option (the seven settings use SETTING_ENV_NAMES). */
export const GATEWAY_ENV_NAMES = Object.fromEntries(
  Object.entries(GATEWAY_OPTIONS).map(([key, row]) => [key, row.env]),
) as Record<keyof typeof GATEWAY_OPTIONS, string>;

/** Keys of a configuration file the gateway does not know, each with the nearest known key. */
export function unknownKeys(raw: Record<string, unknown>): string[] {
  return readOptions(GATEWAY_FILE_OPTIONS, { file: raw })
    .problems.filter((p) => !Object.hasOwn(GATEWAY_FILE_OPTIONS, p.key))
    .map((p) => p.message);
}

function configError(problems: readonly OptionProblem[]): EngageError {
  return new EngageError("config", problemsMessage("Gateway configuration", problems), {
    fields: [...new Set(problems.map((p) => p.key))],
  });
}

/** From a file's object and the environment; throws one EngageError "config" naming every problem. */
function configFrom(file: Record<string, unknown>, env: Environment = {}): GatewayConfig {
  const { read, settings, problems } = readWithSettings(GATEWAY_FILE_OPTIONS, { file, env });
  const values = read.values as GatewayOptionValues & RawConnection;
  if (values.verifyToken !== undefined && values.verifyToken === values.webhookSecret)
    problems.push({
      key: "verifyToken",
      message: `${read.nameOf("verifyToken")} equals ${read.nameOf("webhookSecret")}: the Verification Token travels in the verification URL, so it must not be the Secret that authenticates every webhook; give each its own random value`,
    });
  if (problems.length > 0 || !settings) throw configError(problems);

  const { botUserId, botName, agentUserId, agentName, ...options } = values;
  return {
    ...(Object.fromEntries(
      Object.entries(options).filter(([key]) => Object.hasOwn(GATEWAY_OPTIONS, key)),
    ) as Omit<GatewayOptionValues, IdentityKey>),
    settings,
    identities: handoverIdentities({ botId: botUserId, botName, agentId: agentUserId, agentName }),
  };
}

/** The value of a gateway option in a configuration (the identities are grouped there). */
function optionValue(config: GatewayConfig, key: keyof typeof GATEWAY_OPTIONS): unknown {
  switch (key) {
    case "botUserId":
      return config.identities.bot.id;
    case "botName":
      return config.identities.bot.name;
    case "agentUserId":
      return config.identities.agent.id;
    case "agentName":
      return config.identities.agent.name;
    default:
      return config[key];
  }
}

function shown(row: OptionRow, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (row.secret) return describeSecret(String(value));
  return row.shown ? (row.shown as (v: unknown) => unknown)(value) : value;
}

/** The configuration as it will be used, secrets shown as "set, N characters". */
export function describeGatewayConfig(config: GatewayConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(SETTING_OPTIONS))
    out[key] = shown(row, config.settings[key as SettingField]);
  for (const [key, row] of Object.entries(GATEWAY_OPTIONS) as [keyof typeof GATEWAY_OPTIONS, OptionRow][]) {
    const value = shown(row, optionValue(config, key));
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Secrets of the gateway's own keys, for the redactor: the secret rows (the Verification Token) and
 * the secrets inside values (the passwords in Redis' URL and in Cognigy's endpoint URL).
 */
export function gatewaySecrets(config: GatewayConfig): string[] {
  const secrets: string[] = [];
  for (const [key, row] of Object.entries(GATEWAY_OPTIONS) as [keyof typeof GATEWAY_OPTIONS, OptionRow][]) {
    const value = optionValue(config, key);
    if (value === undefined) continue;
    if (row.secret) secrets.push(String(value));
    if (row.secretsIn) secrets.push(...(row.secretsIn as (v: unknown) => string[])(value));
  }
  return secrets;
}

/** Checks and normalises a configuration given as a file's object. */
export function parseGatewayConfig(raw: Record<string, unknown>): GatewayConfig {
  return configFrom(raw);
}

/** `--help` / `-h` among the arguments (anything else there is left to loadGatewayConfig to refuse). */
export function wantsHelp(argv: readonly string[]): boolean {
  try {
    return parseCommandLine(argv).values.help === true;
  } catch {
    return argv.includes("--help") || argv.includes("-h");
  }
}

/** What `node dist/gateway.js --help` prints: how to give the configuration, and every key of it. */
export function gatewayUsage(): string {
  return `Usage: node dist/gateway.js [--config gateway.json | gateway.json]

Receives RCE's Source SDK requests and webhooks and forwards them to Cognigy's Endpoint.
The configuration comes from a JSON file (--config file, or the file alone; copy
gateway.example.json and replace every <…> placeholder) and from the environment variables below;
a key in the file wins over its variable. Every problem is reported at once; no secret is printed.

Keys (file key, environment variable, default, meaning):
${optionLines(GATEWAY_FILE_OPTIONS)}

Exit code: 2 the configuration cannot be used, 1 the gateway could not start; on SIGTERM or SIGINT
it drains (/ready answers 503, requests in flight finish) and exits 0.
`;
}

const MISSING_FILE_HINT =
  " Copy gateway.example.json to that name and put your values in, or set the environment variables instead.";

/** A JSON file given with --config (or as first argument), over the environment. */
export function loadGatewayConfig(argv: readonly string[], env: Environment): GatewayConfig {
  let file: Record<string, unknown> = {};
  try {
    const { file: name } = parseCommandLine(argv);
    if (name) file = readJsonObject(name, MISSING_FILE_HINT);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new EngageError("config", `Gateway configuration: ${error.message}`);
  }
  return configFrom(file, env);
}
