/**
 * Gateway configuration: the same seven values as the Cognigy connection (checked by the same parser),
 * plus the webhook Verification Token, the Cognigy endpoint to deliver to, and where to listen.
 * From a JSON file, or from environment variables (file values win).
 */
import fs from "node:fs";
import { EngageError } from "../engage/errors";
import { type HandoverIdentities, handoverIdentities } from "../engage/identities";
import {
  type EngageSettings,
  parseSettings,
  type RawConnection,
  SETTING_ENV_NAMES,
} from "../engage/settings";
import { validatorFor } from "../validation/validate";

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
}

interface GatewayOptions {
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
}

const validateOptions = validatorFor<GatewayOptions>("gatewayOptions");

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
  if (env.GATEWAY_AGENT_REPLY_ID) out.agentReplyId = env.GATEWAY_AGENT_REPLY_ID;
  if (env.GATEWAY_BOT_USER_ID) out.botUserId = env.GATEWAY_BOT_USER_ID;
  if (env.GATEWAY_BOT_NAME) out.botName = env.GATEWAY_BOT_NAME;
  if (env.GATEWAY_AGENT_USER_ID) out.agentUserId = env.GATEWAY_AGENT_USER_ID;
  if (env.GATEWAY_AGENT_NAME) out.agentName = env.GATEWAY_AGENT_NAME;
  return out;
}

/** Checks and normalises; throws one EngageError "config" naming every bad value. */
export function parseGatewayConfig(raw: Record<string, unknown>): GatewayConfig {
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
  };
}

/** A JSON file given with --config (or as first argument), over the environment. */
export function loadGatewayConfig(argv: readonly string[], env: NodeJS.ProcessEnv): GatewayConfig {
  const index = argv.indexOf("--config");
  const file = index >= 0 ? argv[index + 1] : argv.find((a) => a.endsWith(".json"));
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (error) {
      // Not the parser's message: it may quote the file, tokens included.
      const why = (error as NodeJS.ErrnoException).code ?? "not valid JSON";
      throw new EngageError("config", `Cannot read the gateway configuration file ${file} (${why}).`);
    }
  }
  return parseGatewayConfig({ ...fromEnv(env), ...fromFile });
}
