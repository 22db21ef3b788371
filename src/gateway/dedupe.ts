/**
 * Remembers what was already handled, bounded in size and age, so RCE's at-least-once delivery and
 * Source SDK retries never reach the user twice. A work item in flight is shared: a retry that
 * arrives while the first attempt still runs waits for it instead of delivering again.
 */
import { BoundedMap } from "./boundedMap";

export class Dedupe<T extends {}> {
  private readonly done: BoundedMap<T>;
  /** Work under way; bounded by the requests in flight, never evicted while it runs. */
  private readonly pending = new Map<string, Promise<T>>();

  constructor(maxEntries: number, maxAgeMs: number, now?: () => number) {
    this.done = new BoundedMap(maxEntries, maxAgeMs, now);
  }

  get size(): number {
    return this.done.size + this.pending.size;
  }

  /**
   * Runs `work` once per key. Its result is remembered only on success; on failure the key is
   * forgotten so a later retry runs the work again.
   */
  async once(key: string, work: () => Promise<T>): Promise<{ value: T; duplicate: boolean }> {
    const known = this.done.get(key);
    if (known !== undefined) return { value: known, duplicate: true };
    const running = this.pending.get(key);
    if (running) return { value: await running, duplicate: true };
    const pending = work();
    this.pending.set(key, pending);
    try {
      const value = await pending;
      this.done.set(key, value);
      return { value, duplicate: false };
    } finally {
      this.pending.delete(key);
    }
  }

  has(key: string): boolean {
    return this.done.get(key) !== undefined || this.pending.has(key);
  }
}
