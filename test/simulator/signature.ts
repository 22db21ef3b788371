/** HMAC-SHA512 signatures of the Source SDK (both directions) and constant-time comparisons. */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const SDK_SIGNATURE_HEADER = "x-smccsdk-signature";
export const WEBHOOK_SECRET_HEADER = "x-dimelo-secret";

/** Lowercase hex HMAC-SHA512 of the exact bytes, keyed with the source's realtime access token. */
export function sdkSign(body: string | Buffer, realtimeAccessToken: string): string {
  return createHmac("sha512", realtimeAccessToken).update(body).digest("hex");
}

/** Case-insensitive, constant-time check of a hex signature against the exact bytes. */
export function sdkSignatureMatches(
  body: string | Buffer,
  signature: string | null | undefined,
  realtimeAccessToken: string,
): boolean {
  if (typeof signature !== "string") return false;
  const given = signature.trim();
  if (!/^[0-9a-fA-F]{128}$/.test(given)) return false;
  const expected = createHmac("sha512", realtimeAccessToken).update(body).digest();
  return timingSafeEqual(Buffer.from(given, "hex"), expected);
}

/** Constant-time string equality (hashes first so length does not leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}
