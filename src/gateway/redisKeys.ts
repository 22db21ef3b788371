/**
 * The names of the Redis store's keys (README "What is in Redis"). A message's key is the hash tag
 * (`{…}`), so its claim, its result and its send count live in one Cluster slot.
 */
import { createHash } from "node:crypto";
import type { SendKey } from "./store";

/** What a once-memory remembers: agent replies or webhook events. */
export type OnceKind = "reply" | "event";

/** Long keys (a hash of a whole reply) are hashed again so one entry stays small. */
function tag(key: string): string {
  const part = key.length <= 128 ? key : `sha256:${createHash("sha256").update(key).digest("base64url")}`;
  return `{${part}}`;
}

export class RedisKeys {
  constructor(private readonly prefix: string) {}

  /** The result of a handled message: `<prefix>reply:{<key>}:done`. */
  done(kind: OnceKind, key: string): string {
    return `${this.prefix}${kind}:${tag(key)}:done`;
  }

  /** The instance delivering it now: `<prefix>reply:{<key>}:claim`. */
  claim(kind: OnceKind, key: string): string {
    return `${this.prefix}${kind}:${tag(key)}:claim`;
  }

  /** Sends that may have arrived: `<prefix>sent:{<message key>}:<route>`. */
  sent(key: SendKey): string {
    return `${this.prefix}sent:${tag(key.message)}:${key.route}`;
  }

  thread(rceThreadId: string): string {
    return `${this.prefix}thread:${tag(rceThreadId)}`;
  }
}
