/**
 * The once-memory in Redis, shared by every instance. A claim is SET NX PX: of two instances receiving
 * the same retry at the same moment one delivers, the other waits (bounded) for the result and
 * otherwise answers "retry later" (HandledElsewhere) — never a second delivery. A crashed instance's
 * claim expires after claimTtl, longer than any delivery may take.
 */
import { randomUUID } from "node:crypto";
import { InFlight } from "./inFlight";
import type { RedisCommands } from "./redisCommands";
import type { OnceKind, RedisKeys } from "./redisKeys";
import { HandledElsewhere, type OnceMemory, type OnceResult } from "./store";

export interface ClaimPolicy {
  /** A claim's lifetime: longer than one whole delivery may take, so only a crashed holder loses it. */
  ttlMs: number;
  /** How long an instance waits for another's claim to produce a result before "retry later". */
  waitMs: number;
}

export class RedisOnceMemory implements OnceMemory {
  /** One instance asks Redis once per key; its own concurrent retries share that. */
  private readonly inFlight = new InFlight<OnceResult>();
  /** Results delivered while Redis could not be written: kept here and written when it is back. */
  private readonly unsaved = new Map<string, string>();

  constructor(
    private readonly kind: OnceKind,
    private readonly redis: RedisCommands,
    private readonly keys: RedisKeys,
    private readonly claim: ClaimPolicy,
    readonly rememberMs: number,
    private readonly onBusy: () => void,
    private readonly onUnsaved: () => void,
  ) {}

  /** Redis keeps every result for rememberMs, across restarts: only the age limits it. */
  remembersSince(): number {
    return Number.NEGATIVE_INFINITY;
  }

  get unsavedCount(): number {
    return this.unsaved.size;
  }

  async once(key: string, work: () => Promise<string>): Promise<OnceResult> {
    const { result, joined } = this.inFlight.run(key, () => this.claimAndRun(key, work));
    const { value, duplicate } = await result;
    return { value, duplicate: duplicate || joined };
  }

  /** Writes the results kept while Redis was away; stops at the first failure (still away). */
  async flushUnsaved(): Promise<void> {
    for (const [doneKey, value] of [...this.unsaved]) {
      try {
        await this.redis.client.set(doneKey, value, "PX", this.rememberMs);
        this.unsaved.delete(doneKey);
      } catch {
        return;
      }
    }
  }

  private async claimAndRun(key: string, work: () => Promise<string>): Promise<OnceResult> {
    const doneKey = this.keys.done(this.kind, key);
    const claimKey = this.keys.claim(this.kind, key);
    const kept = this.unsaved.get(doneKey);
    if (kept !== undefined) return { value: kept, duplicate: true };
    const token = randomUUID();
    const deadline = Date.now() + this.claim.waitMs;
    let pause = 10;
    for (;;) {
      const answer = await this.redis.script(
        "rceGwClaim",
        [doneKey, claimKey],
        [token, String(this.claim.ttlMs)],
      );
      const [state, value] = Array.isArray(answer) ? (answer as unknown[]) : [];
      if (state === "done" && typeof value === "string") return { value, duplicate: true };
      if (state === "claimed") break;
      if (Date.now() + pause > deadline) {
        this.onBusy();
        throw new HandledElsewhere(`another gateway instance is handling this ${this.kind} right now`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 200);
    }
    let value: string;
    try {
      value = await work();
    } catch (error) {
      // Failed: give the key free for the next retry (if Redis is away, the claim expires on its own).
      await this.redis.script("rceGwRelease", [claimKey], [token]).catch(() => undefined);
      throw error;
    }
    try {
      await this.redis.script("rceGwFinish", [doneKey, claimKey], [token, value, String(this.rememberMs)]);
    } catch {
      // Delivered, but Redis could not be told. The claim still blocks other instances until it
      // expires; this instance keeps the result and writes it when Redis is back.
      if (this.unsaved.size < 100_000) this.unsaved.set(doneKey, value);
      this.onUnsaved();
    }
    return { value, duplicate: false };
  }
}
