/**
 * Removes known secret values from any text before it leaves the client (errors, logs, results).
 * Errors are built without secrets in the first place; this is the second line of defence for text
 * that comes from outside, such as an RCE error message that echoes a request.
 */

const REDACTED = "[redacted]";
/** Shorter values are not worth matching: they would also hit ordinary words. */
const MIN_SECRET_LENGTH = 6;

export type Redactor = (text: string) => string;

/** HMAC-SHA512 signatures (128 hex) and other digests: never useful in a message. */
const LONG_HEX = /\b[0-9a-fA-F]{64,}\b/g;

export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const values = [...new Set(secrets.filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text.replace(LONG_HEX, REDACTED);
    for (const value of values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return out;
  };
}

/** Shows that a secret is set without showing it: "set, 32 characters". */
export function describeSecret(value: string | undefined): string {
  return value ? `set, ${value.length} characters` : "not set";
}
