/**
 * Which credential a request to the RCE path carries, and what can be checked of it before its body
 * is read: a webhook's X-Dimelo-Secret is checked whole (it is a shared secret, not a signature); a
 * Source SDK signature only for its form (HMAC-SHA512 in hex), the HMAC itself needs the body.
 * The one place these answers are worded.
 */
import type { IncomingHttpHeaders } from "node:http";
import { SIGNATURE_HEADER, verifyWebhookSecret, WEBHOOK_SECRET_HEADER } from "../engage/signature";
import type { Refusal } from "./edge/refusal";

export type Credential =
  | { kind: "webhook"; secret: string }
  | { kind: "sdk"; signature: string }
  | { kind: "none" };

const SIGNATURE_FORM = /^[0-9a-fA-F]{128}$/;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function signatureInQuery(url: string): string | undefined {
  const at = url.indexOf("?");
  if (at < 0) return undefined;
  return new URLSearchParams(url.slice(at + 1)).get("signature") ?? undefined;
}

export function credentialOf(headers: IncomingHttpHeaders, url: string): Credential {
  const secret = first(headers[WEBHOOK_SECRET_HEADER]);
  if (secret !== undefined) return { kind: "webhook", secret };
  const signature = first(headers[SIGNATURE_HEADER]) ?? signatureInQuery(url);
  if (signature !== undefined) return { kind: "sdk", signature };
  return { kind: "none" };
}

export const CREDENTIAL_REFUSALS = {
  missing: {
    status: 401,
    reason: "Missing X-SMCCSDK-SIGNATURE header (or ?signature=) or X-Dimelo-Secret header.",
  },
  wrongSecret: { status: 403, reason: "X-Dimelo-Secret does not match the gateway's Webhook Secret." },
  badSignature: {
    status: 403,
    reason:
      "Invalid signature: check the gateway's Realtime Access Token (the SDK source's API access token).",
  },
} as const satisfies Record<string, Refusal>;

/** What can be refused before the body: nothing, a wrong webhook secret, a signature of the wrong form. */
export function refusalBeforeBody(credential: Credential, webhookSecret: string): Refusal | undefined {
  if (credential.kind === "none") return CREDENTIAL_REFUSALS.missing;
  if (credential.kind === "webhook")
    return verifyWebhookSecret(credential.secret, webhookSecret)
      ? undefined
      : CREDENTIAL_REFUSALS.wrongSecret;
  return SIGNATURE_FORM.test(credential.signature.trim()) ? undefined : CREDENTIAL_REFUSALS.badSignature;
}
