/** Identifier and token generators shaped like the real ones (24-hex object ids, hex tokens). */
import { randomBytes, randomUUID } from "node:crypto";

let counter = randomBytes(3).readUIntBE(0, 3);
const processPart = randomBytes(5).toString("hex");

/**
 * A 24-hex id in the style RCE uses (e.g. `59248c4dae276a021cb296d2`): 4 bytes of seconds, 5 bytes
 * fixed per process, 3 bytes of an increasing counter, so ids created later sort after earlier ones
 * within the same second.
 */
export function newId(): string {
  counter = (counter + 1) % 0xffffff;
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, "0");
  return `${seconds}${processPart}${counter.toString(16).padStart(6, "0")}`;
}

/** A random-looking access token (64 hex characters, like a source API access token). */
export function newToken(): string {
  return randomBytes(32).toString("hex");
}

/** A random alphanumeric string (webhook secrets, challenges). */
export function newSecret(length = 32): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export function newUuid(): string {
  return randomUUID();
}

export function nowIso(): string {
  return new Date().toISOString();
}
