/**
 * RCE -> integrator traffic: signed Source SDK requests to the source's Base URI and webhook
 * deliveries / verification requests. Plain node:http(s), exact bytes, nothing re-serialised.
 */
import http from "node:http";
import https from "node:https";
import { newId, newSecret, nowIso } from "./ids";
import { SDK_SIGNATURE_HEADER, sdkSign, sdkSignatureMatches, WEBHOOK_SECRET_HEADER } from "./signature";
import type {
  PushResult,
  WebhookDeliveryResult,
  WebhookEvent,
  WebhookEventInput,
  WebhookPayload,
  WebhookVerificationResult,
} from "./types";

export interface OutboundResult {
  status: number;
  body: string;
  headers: Record<string, string>;
  error: string | null;
}

const USER_AGENT = "rce-simulator (RingCentral Engage Digital test double)";

export function httpRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<OutboundResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: 0, body: "", headers: {}, error: `invalid URL: ${url}` });
      return;
    }
    const lib = target.protocol === "https:" ? https : http;
    const payload = body === undefined ? undefined : Buffer.from(body, "utf8");
    const req = lib.request(
      target,
      {
        method,
        headers: {
          "user-agent": USER_AGENT,
          ...headers,
          ...(payload ? { "content-length": String(payload.length) } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
          }
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            headers: flat,
            error: null,
          });
        });
        res.on("error", (err) => resolve({ status: 0, body: "", headers: {}, error: err.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", (err) => resolve({ status: 0, body: "", headers: {}, error: err.message }));
    if (payload) req.write(payload);
    req.end();
  });
}

export interface SdkPushOptions {
  /** Where the signature goes: header (default), `?signature=` query parameter, or both. */
  signatureIn?: "header" | "query" | "both" | "none";
  /** Sign with this key instead of the source token (to test rejection of bad signatures). */
  signWith?: string;
  /** Override the request `time` field. */
  time?: string;
  timeoutMs?: number;
  /**
   * Send even what RCE would not send now (no accepted implementation.info, undeclared action), to
   * test the integrator's own refusal. Default false.
   */
  unchecked?: boolean;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** POSTs `{action, params, time}` (params omitted when undefined) signed with the source token. */
export async function sdkPush(
  baseUri: string,
  realtimeAccessToken: string,
  action: string,
  params: Record<string, unknown> | undefined,
  options: SdkPushOptions = {},
): Promise<PushResult> {
  const time = options.time ?? nowIso().replace(/\.\d{3}Z$/, "Z");
  const requestBody = JSON.stringify(params === undefined ? { action, time } : { action, params, time });
  const signature = sdkSign(requestBody, options.signWith ?? realtimeAccessToken);
  const where = options.signatureIn ?? "header";
  let url = baseUri;
  if (where === "query" || where === "both") {
    const u = new URL(baseUri);
    u.searchParams.set("signature", signature);
    url = u.toString();
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (where === "header" || where === "both") headers[SDK_SIGNATURE_HEADER] = signature;
  const res = await httpRequest("POST", url, headers, requestBody, options.timeoutMs ?? 10_000);
  return {
    status: res.status,
    body: res.body,
    headers: res.headers,
    signatureValid: sdkSignatureMatches(res.body, res.headers[SDK_SIGNATURE_HEADER], realtimeAccessToken),
    requestBody,
    error: res.error,
    json: tryJson(res.body),
  };
}

export function buildWebhookPayload(
  events: WebhookEventInput[],
  domainId: string | number,
  payloadId?: string,
  resourceId: (id: string) => string | number = (id) => id,
): WebhookPayload {
  const issued = nowIso();
  return {
    id: payloadId ?? newId(),
    domain_id: domainId,
    events: events.map((e): WebhookEvent => {
      const event: WebhookEvent = {
        type: e.type,
        id: e.id ?? newId(),
        issued_at: e.issued_at ?? issued,
        resource: {
          type: e.resource.type,
          id: typeof e.resource.id === "string" ? resourceId(e.resource.id) : e.resource.id,
          metadata: { ...(e.resource.metadata ?? {}) },
        },
      };
      if (e.user_id !== undefined) event.user_id = e.user_id;
      if (e.action !== undefined) event.action = e.action;
      return event;
    }),
  };
}

export interface WebhookPostOptions {
  /** Total attempts while the endpoint does not answer 200 (same payload id each time). Default 1. */
  attempts?: number;
  /** Send this secret instead of the configured one (null = no header). */
  secretOverride?: string | null;
  timeoutMs?: number;
}

export async function postWebhook(
  url: string,
  secret: string | null,
  payload: WebhookPayload,
  options: WebhookPostOptions = {},
): Promise<WebhookDeliveryResult> {
  const requestBody = JSON.stringify(payload);
  const useSecret = options.secretOverride === undefined ? secret : options.secretOverride;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (useSecret) headers[WEBHOOK_SECRET_HEADER] = useSecret;
  const maxAttempts = Math.max(1, options.attempts ?? 1);
  let attempts = 0;
  let res: OutboundResult = { status: 0, body: "", headers: {}, error: "not sent" };
  while (attempts < maxAttempts) {
    attempts++;
    res = await httpRequest("POST", url, headers, requestBody, options.timeoutMs ?? 10_000);
    if (res.status === 200) break;
  }
  return {
    status: res.status,
    body: res.body,
    headers: res.headers,
    payload,
    requestBody,
    error: res.error,
    attempts,
  };
}

/** The PubSubHubbub-style validation GET, carrying X-Dimelo-Secret like every webhook request. */
export async function verifyWebhookEndpoint(
  url: string,
  verifyToken: string | null,
  secret: string | null,
  options: { challenge?: string; verifyTokenOverride?: string; timeoutMs?: number } = {},
): Promise<WebhookVerificationResult> {
  const challenge = options.challenge ?? newSecret(24);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { status: 0, body: "", challenge, ok: false, error: `invalid URL: ${url}` };
  }
  target.searchParams.set("hub.mode", "subscribe");
  target.searchParams.set("hub.challenge", challenge);
  target.searchParams.set("hub.verify_token", options.verifyTokenOverride ?? verifyToken ?? "");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret) headers[WEBHOOK_SECRET_HEADER] = secret;
  const res = await httpRequest("GET", target.toString(), headers, undefined, options.timeoutMs ?? 10_000);
  return {
    status: res.status,
    body: res.body,
    challenge,
    ok: res.status === 200 && res.body === challenge,
    error: res.error,
  };
}
