/**
 * What setup-rce needs (SETUP_INPUT_OPTIONS): the API Access Token, the Realtime Endpoint URL and
 * Realtime Access Token (both from the SDK source) and the gateway's public URL; the Base API URL is
 * derived for RCE's documented hosts. Read by the same reader as the gateway's options and checked
 * by the connection's own parser, so messages name keys the same way and never repeat a secret.
 */
import { randomBytes } from "node:crypto";
import { EngageError } from "../engage/errors";
import {
  baseApiUrlFor,
  checkSettings,
  type EngageSettings,
  SETTING_OPTIONS,
  SETTINGS_AS_GIVEN,
  type SettingName,
} from "../engage/settings";
import type { OptionProblem } from "../options/read";
import type { OptionTable } from "../options/table";
import type { WebhookSecrets } from "./types";

const optional = { required: false } as const;

/** setup-rce's input, one row per key (file key, environment variable, help). */
export const SETUP_INPUT_OPTIONS = {
  apiAccessToken: SETTINGS_AS_GIVEN.apiAccessToken,
  realtimeEndpointUrl: SETTINGS_AS_GIVEN.realtimeEndpointUrl,
  realtimeAccessToken: SETTINGS_AS_GIVEN.realtimeAccessToken,
  gatewayUrl: {
    kind: "text",
    env: "GATEWAY_PUBLIC_URL",
    help: "the gateway's public https address (or --gateway-url)",
  },
  baseApiUrl: {
    ...SETTINGS_AS_GIVEN.baseApiUrl,
    ...optional,
    help: "only where it cannot be derived (non-RCE hosts)",
  },
  webhookSecret: {
    ...SETTINGS_AS_GIVEN.webhookSecret,
    ...optional,
    help: "optional: keep an existing webhook's Secret",
  },
  verifyToken: {
    kind: "text",
    env: "GATEWAY_VERIFY_TOKEN",
    secret: true,
    maxLength: 255,
    help: "optional: keep an existing webhook's Verification Token",
  },
} as const satisfies OptionTable;

/** The path the gateway listens on (README "The gateway"); the source's Base URI and the webhook URL. */
export const GATEWAY_PATH = "/handover/rce";

export interface SetupRawInput {
  apiAccessToken?: unknown;
  realtimeAccessToken?: unknown;
  realtimeEndpointUrl?: unknown;
  baseApiUrl?: unknown;
  gatewayUrl?: unknown;
}

/** 32 random bytes as 43 base64url characters: printable ASCII, as RCE's Secret field requires. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The secrets an earlier run wrote (or the admin gave), else new ones. */
export function webhookSecrets(known: { webhookSecret?: unknown; verifyToken?: unknown }): WebhookSecrets {
  const usable = (v: unknown): v is string => typeof v === "string" && /^[\x21-\x7e]{16,255}$/.test(v);
  if (usable(known.webhookSecret) && usable(known.verifyToken)) {
    return { webhookSecret: known.webhookSecret, verifyToken: known.verifyToken, known: true };
  }
  return { webhookSecret: newSecret(), verifyToken: newSecret(), known: false };
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** https://gw.example.com → https://gw.example.com/handover/rce (a URL already ending in it is kept). */
export function webhookUrlFor(gatewayUrl: unknown): string {
  const fail = (why: string) => new EngageError("config", `Gateway URL ${why}`, { fields: ["Gateway URL"] });
  if (typeof gatewayUrl !== "string" || !gatewayUrl.trim()) {
    throw fail("is empty: give the gateway's public https address (--gateway-url or GATEWAY_PUBLIC_URL).");
  }
  const text = gatewayUrl.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw fail("is not a valid URL.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw fail("must use https:// (RCE posts the webhook secret to it; plain http only for localhost).");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw fail("must be a plain address: no user name, password, query or fragment.");
  }
  const path = url.pathname.replace(/\/+$/, "");
  const full = path.endsWith(GATEWAY_PATH) ? path : `${path}${GATEWAY_PATH}`;
  return `${url.protocol}//${url.host}${full}`;
}

/**
 * The settings the client needs. The category ids are not known yet (this run finds or makes them):
 * placeholders stand in, and nothing reads them before the categories step replaced them.
 */
export function setupSettings(
  raw: SetupRawInput,
  secrets: WebhookSecrets,
  name: SettingName = (field) => SETTING_OPTIONS[field].label,
): { settings: EngageSettings; problems: [] } | { settings?: undefined; problems: OptionProblem[] } {
  const realtime = typeof raw.realtimeEndpointUrl === "string" ? raw.realtimeEndpointUrl.trim() : "";
  const given = typeof raw.baseApiUrl === "string" && raw.baseApiUrl.trim() ? raw.baseApiUrl : undefined;
  const derived = realtime
    ? baseApiUrlFor(/^[a-z]+:\/\//i.test(realtime) ? realtime : `https://${realtime}`)
    : undefined;
  const connection = {
    apiAccessToken: raw.apiAccessToken,
    realtimeAccessToken: raw.realtimeAccessToken,
    realtimeEndpointUrl: raw.realtimeEndpointUrl,
    baseApiUrl: given ?? derived,
    webhookSecret: secrets.webhookSecret,
    botCategoryId: "setup-pending-bot",
    agentCategoryId: "setup-pending-agent",
  };
  const checked = checkSettings(connection, name);
  if (checked.settings || given || derived) return checked;
  return {
    problems: checked.problems.map((p) =>
      p.key === "baseApiUrl"
        ? {
            ...p,
            message: `${p.message}. The Base API URL cannot be derived from this Realtime Endpoint URL's host: give it (baseApiUrl / RCE_BASE_API_URL), your RCE address with 'api.' after the account name`,
          }
        : p,
    ),
  };
}
