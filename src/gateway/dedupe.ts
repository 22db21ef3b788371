/**
 * Remembers what was already handled, bounded in size and age, so RCE's at-least-once delivery and
 * Source SDK retries never reach the user twice. A work item in flight is shared: a retry that
 * arrives while the first attempt still runs waits for it instead of delivering again.
 */

interface Entry<T> {
  at: number;
  value?: T;
  pending?: Promise<T>;
}

export class Dedupe<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs `work` once per key. Its result is remembered only on success; on failure the key is
   * forgotten so a later retry runs the work again.
   */
  async once(key: string, work: () => Promise<T>): Promise<{ value: T; duplicate: boolean }> {
    this.evict();
    const known = this.entries.get(key);
    if (known?.value !== undefined) return { value: known.value, duplicate: true };
    if (known?.pending) return { value: await known.pending, duplicate: true };
    const pending = work();
    this.entries.set(key, { at: this.now(), pending });
    try {
      const value = await pending;
      this.entries.delete(key); // re-insert: Map order stays oldest-first
      this.entries.set(key, { at: this.now(), value });
      return { value, duplicate: false };
    } catch (error) {
      this.entries.delete(key);
      throw error;
    }
  }

  has(key: string): boolean {
    const entry = this.entries.get(key);
    return !!entry && (entry.value !== undefined || !!entry.pending);
  }

  private evict(): void {
    const oldest = this.now() - this.maxAgeMs;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.at >= oldest) break;
      if (!entry.pending) this.entries.delete(key);
    }
  }
}
