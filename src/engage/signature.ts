/**
 * Source SDK signatures (HMAC-SHA512, lowercase hex, over the exact bytes) and the webhook shared
 * secret. Every comparison runs in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-smccsdk-signature";
export const WEBHOOK_SECRET_HEADER = "x-dimelo-secret";

/** HMAC-SHA512 of `body` keyed with the source's Realtime Access Token, as lowercase hex. */
export function signBody(body: string | Buffer, realtimeAccessToken: string): string {
  return createHmac("sha512", realtimeAccessToken).update(body).digest("hex");
}

/**
 * Checks a Source SDK request: `signature` comes from the X-SMCCSDK-SIGNATURE header or the
 * ?signature= query parameter, `rawBody` must be the bytes as received (never re-serialised JSON).
 */
export function verifySourceSdkSignature(
  rawBody: string | Buffer,
  signature: string | undefined | null,
  realtimeAccessToken: string,
): boolean {
  if (!signature || !/^[0-9a-fA-F]{128}$/.test(signature.trim())) return false;
  const expected = createHmac("sha512", realtimeAccessToken).update(rawBody).digest();
  const given = Buffer.from(signature.trim(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks the X-Dimelo-Secret header of a webhook request against the configured secret. Both sides
 * are hashed first so that neither the length nor the content leaks through timing.
 */
export function verifyWebhookSecret(headerValue: string | undefined | null, webhookSecret: string): boolean {
  if (typeof headerValue !== "string" || headerValue.length === 0 || webhookSecret.length === 0) return false;
  const given = createHash("sha256").update(headerValue).digest();
  const expected = createHash("sha256").update(webhookSecret).digest();
  return timingSafeEqual(given, expected);
}
