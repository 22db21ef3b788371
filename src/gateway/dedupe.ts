/**
 * The once-memory in process memory: remembers what was already handled, bounded in size and age, so
 * RCE's at-least-once delivery and Source SDK retries never reach the user twice. A work item in
 * flight is shared: a retry that arrives while the first attempt still runs waits for it instead of
 * delivering again.
 *
 * What it can no longer recognise is said by `remembersSince` (requestTime.ts refuses requests dated
 * before it): nothing from before this process started, and, once the map was full, nothing dated at
 * or before the newest date it dropped. Every entry dated after that largest dropped date is still
 * here, whatever order the map drops in: had it been dropped, the largest would be at least its date.
 */
import { BoundedMap } from "./boundedMap";
import { InFlight } from "./inFlight";
import { CLOCK_SKEW_MS } from "./requestTime";

interface Handled<T> {
  value: T;
  /** The request's own date (RCE's clock), -Infinity when it had none. */
  datedAt: number;
}

export class Dedupe<T extends {}> {
  private readonly done: BoundedMap<Handled<T>>;
  /** Work under way; bounded by the requests in flight, never evicted while it runs. */
  private readonly pending = new InFlight<T>();
  /** Requests dated before this were handled, if at all, by an earlier process (skew allowed for). */
  private readonly startedAt: number;
  private newestDropped = Number.NEGATIVE_INFINITY;

  constructor(
    maxEntries: number,
    readonly rememberMs: number,
    now?: () => number,
  ) {
    this.startedAt = (now ?? Date.now)() - CLOCK_SKEW_MS;
    this.done = new BoundedMap<Handled<T>>(maxEntries, rememberMs, now, (dropped) => {
      if (dropped.datedAt > this.newestDropped) this.newestDropped = dropped.datedAt;
    });
  }

  get size(): number {
    return this.done.size + this.pending.size;
  }

  remembersSince(): number {
    return Math.max(this.startedAt, this.newestDropped);
  }

  /**
   * Runs `work` once per key. Its result is remembered only on success; on failure the key is
   * forgotten so a later retry runs the work again.
   */
  async once(
    key: string,
    work: () => Promise<T>,
    datedAt = Number.NEGATIVE_INFINITY,
  ): Promise<{ value: T; duplicate: boolean }> {
    const known = this.done.get(key);
    if (known !== undefined) return { value: known.value, duplicate: true };
    const { result, joined } = this.pending.run(key, async () => {
      const value = await work();
      this.done.set(key, { value, datedAt });
      return value;
    });
    return { value: await result, duplicate: joined };
  }

  has(key: string): boolean {
    return this.done.get(key) !== undefined || this.pending.has(key);
  }
}
