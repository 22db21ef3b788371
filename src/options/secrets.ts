/**
 * What makes a secret unusable whatever the program: a placeholder left from an example, a known
 * default, too short to resist guessing. The words follow the secret's name; the value is never quoted.
 */

/** Below this, a secret is easy to guess; RCE itself sets no minimum (webhooks/create.md). */
export const STRONG_SECRET_CHARS = 16;

/** Values found in examples and tutorials, compared without case, punctuation or trailing digits. */
const KNOWN_DEFAULTS = new Set([
  "cognigy",
  "changeme",
  "changeit",
  "secret",
  "mysecret",
  "webhooksecret",
  "password",
  "passw0rd",
  "verify",
  "verifytoken",
  "myverifytoken",
  "token",
  "mytoken",
  "test",
  "testing",
  "example",
  "default",
  "admin",
  "qwerty",
  "dimelo",
  "ringcentral",
  "engage",
  "",
]);

/** Text in angle brackets, as every value to fill in is written in gateway.example.json. */
export function isPlaceholder(value: string): boolean {
  return /<[^<>]*>/.test(value);
}

function isKnownDefault(value: string): boolean {
  const plain = value.toLowerCase().replace(/[^a-z0-9]/g, "");
  const stem = plain.replace(/\d+$/, "");
  if (KNOWN_DEFAULTS.has(stem) && (stem !== "" || plain.length < STRONG_SECRET_CHARS)) return true;
  // The same word or digits over and over ("changemechangeme", "1234567812345678").
  return /^(.{1,8})\1+$/.test(plain) && plain.length >= 2;
}

export const PLACEHOLDER_FIX = "replace it with the real value (text in <…> is a placeholder of an example)";

/** Why a secret cannot be used, or undefined; worded to follow its name ("webhookSecret is …"). */
export function weakSecretProblem(value: string): string | undefined {
  if (isPlaceholder(value)) return `is still a placeholder: ${PLACEHOLDER_FIX}`;
  const advice = `use ${STRONG_SECRET_CHARS} or more random characters (32 recommended, e.g. from \`openssl rand -hex 16\`)`;
  if (isKnownDefault(value))
    return `is a known default or a repeated pattern (such as cognigy123), which anyone can guess: ${advice}`;
  if (value.length < STRONG_SECRET_CHARS)
    return `has only ${value.length} character(s), which is easy to guess: ${advice}`;
  return undefined;
}
