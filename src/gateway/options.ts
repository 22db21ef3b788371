/**
 * Every option of the gateway, one row each: the file key (the row's key), the environment
 * variable, type and bounds, default, whether it is a secret, and the help the README shows. The
 * config type (GatewayConfig), the file and environment readers, the defaults, the JSON schema
 * (gateway.schema.json), the secret list (gatewaySecrets) and the start's echo are all derived from
 * this table; the seven connection settings come from SETTING_OPTIONS (src/engage/settings.ts).
 *
 * To add an option: add its row here — nothing else in the code. It is then read from the file and
 * the environment, checked, defaulted, typed in GatewayConfig, echoed (or redacted: `secret`,
 * `secretsIn`, `shown`) and part of the schema; test/gateway/options.test.ts tests it (a text row
 * needs a valid and a wrong sample in its TEXT_SAMPLES). Then run `npx tsx scripts/gatewayOptionsDoc.ts`
 * to refresh the README's table and gateway.schema.json (a test fails until they match), and use
 * `config.<key>` where it matters.
 */
import { isIP } from "node:net";
import { DEFAULT_AGENT_IDENTITY, DEFAULT_BOT_IDENTITY } from "../engage/identities";
import type { OptionTable } from "../options/table";
import { DEFAULT_DELIVERY } from "./cognigyEndpoint";
import { LOG_LEVELS } from "./log";
import { DEFAULT_KEY_PREFIX, parseRedisUrl, redactUrlCredentials } from "./redisUrl";

/** Paths the gateway serves itself; the RCE path cannot be one of them. */
const RESERVED_PATHS = ["/health", "/ready", "/metrics"];

const BAD_ESCAPE =
  "has a bad % escape (a % must be followed by two hex digits; write a literal % in a user name or password as %25)";

function hasBadEscape(url: string): boolean {
  try {
    decodeURIComponent(url);
    return false;
  } catch {
    return true;
  }
}

/** The gateway posts to `<cognigyEndpointUrl>/notify/<URLToken>`: no query or fragment, or they would come before the route. */
function cognigyEndpointProblem(value: string): string | undefined {
  const use = "use the Endpoint's base URL, e.g. https://endpoint-trial.cognigy.ai";
  if (hasBadEscape(value)) return BAD_ESCAPE;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a valid URL: ${use}`;
  }
  if (url.search || url.hash || value.includes("?") || value.includes("#"))
    return `must not have a query or fragment: ${use}`;
  return undefined;
}

function redisUrlProblem(value: string): string | undefined {
  if (hasBadEscape(value)) return BAD_ESCAPE;
  try {
    parseRedisUrl(value);
    return undefined;
  } catch (error) {
    // The parser's message never quotes the URL (it may carry a password).
    return (error as Error).message.replace(/^redisUrl:? /, "");
  }
}

const MILLISECONDS_UP_TO_10_MINUTES = { kind: "integer", min: 0, max: 600_000 } as const;

export const GATEWAY_OPTIONS = {
  verifyToken: {
    kind: "text",
    env: "GATEWAY_VERIFY_TOKEN",
    required: true,
    secret: true,
    maxLength: 255,
    help: "the webhook's Verification Token (setup step 5). **No default**: it must be set, at least 16 characters, not a known default such as `cognigy123`, and not the Webhook Secret",
  },
  cognigyEndpointUrl: {
    kind: "text",
    env: "COGNIGY_ENDPOINT_URL",
    required: true,
    maxLength: 2048,
    pattern: "^https?://[^\\s]+$",
    form: "an http(s) URL such as https://endpoint-trial.cognigy.ai",
    help: "your Cognigy endpoint base, e.g. `https://endpoint-trial.cognigy.ai` (no query or fragment; a `user:password@` in it, for a proxy in front of Cognigy, is sent as Basic authorization and never logged)",
    check: cognigyEndpointProblem,
    normalise: (value) => value.replace(/\/+$/, ""),
    secretsIn: (value) => {
      const password = decodeURIComponent(new URL(value).password);
      return password ? [password] : [];
    },
    shown: redactUrlCredentials,
  },
  host: {
    kind: "text",
    env: "GATEWAY_HOST",
    default: "0.0.0.0",
    minLength: 1,
    maxLength: 255,
    help: "the address to listen on",
  },
  port: {
    kind: "integer",
    env: "GATEWAY_PORT",
    envAliases: ["PORT"],
    min: 0,
    max: 65535,
    default: 8080,
    help: "the port to listen on (`PORT` is read too when `GATEWAY_PORT` is unset)",
  },
  path: {
    kind: "text",
    env: "GATEWAY_PATH",
    default: "/handover/rce",
    maxLength: 255,
    pattern: "^/[A-Za-z0-9/_.-]*$",
    form: "a path such as /handover/rce (letters, digits and / _ . -)",
    help: "the path of the Base URI and webhook URL (setup steps 3 and 5); not `/health`, `/ready` or `/metrics`",
    check: (value) =>
      RESERVED_PATHS.includes(value.replace(/\/+$/, ""))
        ? `must not be ${RESERVED_PATHS.join(", ")}: the gateway answers those itself`
        : undefined,
  },
  agentAttachments: {
    kind: "boolean",
    env: "GATEWAY_AGENT_ATTACHMENTS",
    default: false,
    help: "also declare `messages.attachments` so agents can send files, which reach the user as Cognigy image, audio and video outputs or a link to the file (off: RCE does not document it together with `view.messaging`)",
  },
  declareThreads: {
    kind: "boolean",
    env: "GATEWAY_DECLARE_THREADS",
    default: false,
    help: "also declare `threads` in `implementation.info` (see [Where RCE's docs disagree](rce-docs.md#where-rces-docs-disagree-and-which-reading-we-chose))",
  },
  agentReplyId: {
    kind: "choice",
    env: "GATEWAY_AGENT_REPLY_ID",
    values: ["ours", "in_reply_to_id"],
    default: "ours",
    help: "the id answered for an agent's message: `ours` or `in_reply_to_id` (same section)",
  },
  botUserId: {
    kind: "text",
    env: "GATEWAY_BOT_USER_ID",
    default: DEFAULT_BOT_IDENTITY.id,
    minLength: 1,
    maxLength: 255,
    help: "the Bot identity created on `implementation.info` (the nodes' default)",
  },
  botName: {
    kind: "text",
    env: "GATEWAY_BOT_NAME",
    default: DEFAULT_BOT_IDENTITY.name,
    minLength: 1,
    maxLength: 255,
    help: "its name",
  },
  agentUserId: {
    kind: "text",
    env: "GATEWAY_AGENT_USER_ID",
    default: DEFAULT_AGENT_IDENTITY.id,
    minLength: 1,
    maxLength: 255,
    help: "the Agent identity created on `implementation.info` (the nodes' default)",
  },
  agentName: {
    kind: "text",
    env: "GATEWAY_AGENT_NAME",
    default: DEFAULT_AGENT_IDENTITY.name,
    minLength: 1,
    maxLength: 255,
    help: "its name",
  },
  logLevel: {
    kind: "choice",
    env: "GATEWAY_LOG_LEVEL",
    values: LOG_LEVELS,
    default: "info",
    help: "what is logged (JSON lines on stdout)",
  },
  cognigyTimeoutMs: {
    kind: "integer",
    env: "GATEWAY_COGNIGY_TIMEOUT_MS",
    min: 1000,
    max: 120_000,
    default: DEFAULT_DELIVERY.timeoutMs,
    help: "how long Cognigy may take to answer one delivery; past it the delivery is ambiguous",
  },
  maxConnections: {
    kind: "integer",
    env: "GATEWAY_MAX_CONNECTIONS",
    min: 1,
    max: 100_000,
    default: 2000,
    help: "open connections; at the cap the longest-idle one makes room, with none idle a newcomer gets 503",
  },
  trustedProxies: {
    kind: "list",
    env: "GATEWAY_TRUSTED_PROXIES",
    maxItems: 32,
    default: [],
    check: (addresses) => {
      const bad = addresses.filter((address) => isIP(address) === 0);
      return bad.length > 0
        ? `must list IP addresses only (not ${bad.length === 1 ? "one item" : `${bad.length} items`})`
        : undefined;
    },
    help: "IP addresses of your own reverse proxies: for their connections the client is the address they forward in X-Forwarded-For (for the per-client share of the body budget); empty: the socket's address, whatever is sent",
  },
  redisUrl: {
    kind: "text",
    env: "GATEWAY_REDIS_URL",
    minLength: 1,
    maxLength: 2048,
    pattern: "^rediss?(\\+(sentinel|cluster))?://",
    form: "a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL",
    help: "optional: Redis or Valkey shared by every instance ([High availability](#high-availability-several-instances-and-redis)); without it the memory is the process's own. `redis://[user:password@]host:port[/db]` (`rediss://` for TLS), `redis+sentinel://[user:password@]sentinel1:26379,sentinel2:26379/<master name>[?db=N]`, `redis+cluster://[user:password@]node1:6379,node2:6379`. Its password is a secret: redacted from every log line, the start shows `redis://user:***@host`",
    check: redisUrlProblem,
    secretsIn: (value) => {
      const password = parseRedisUrl(value).password;
      return password ? [password] : [];
    },
    shown: redactUrlCredentials,
  },
  redisKeyPrefix: {
    kind: "text",
    env: "GATEWAY_REDIS_KEY_PREFIX",
    default: DEFAULT_KEY_PREFIX,
    maxLength: 64,
    pattern: "^[A-Za-z0-9:_.-]*$",
    form: "at most 64 letters, digits or : _ . -",
    help: "prefix of every Redis key, so several gateways (or other programs) can share one Redis",
  },
  drainMs: {
    ...MILLISECONDS_UP_TO_10_MINUTES,
    env: "GATEWAY_DRAIN_MS",
    default: 10_000,
    help: "on SIGTERM, how long requests in flight may take to finish before their connections are cut",
  },
  notReadyMs: {
    ...MILLISECONDS_UP_TO_10_MINUTES,
    env: "GATEWAY_NOT_READY_MS",
    default: 0,
    help: "on SIGTERM, how long `/ready` answers 503 before the listener closes (for a load balancer)",
  },
} as const satisfies OptionTable;
