/**
 * A map bounded in size and age (lru-cache): process memory of the gateway never grows with what the
 * internet sends it. Past the size bound the least recently used entry goes; an entry older than the
 * age bound reads as absent. Every operation is O(1), also when the map is full and when its last
 * entry is deleted (lru-cache's own delete then clears all of its `maxEntries`-long arrays: 219 µs
 * at 50,000, paid by every agent reply whose send count was the only one held).
 */
import { LRUCache } from "lru-cache";

export class BoundedMap<V extends {}> {
  private readonly entries: LRUCache<string, V>;
  /** A delete under way: the entry it evicts is not one dropped because the map was full. */
  private deleting = false;

  /** `onEvict` hears of each entry dropped because the map was full (not of aged ones). */
  constructor(maxEntries: number, maxAgeMs: number, now?: () => number, onEvict?: (value: V) => void) {
    this.entries = new LRUCache<string, V>({
      max: maxEntries,
      ttl: maxAgeMs,
      ...(onEvict
        ? {
            dispose: (value: V, _key: string, reason: string) =>
              reason === "evict" && !this.deleting && onEvict(value),
          }
        : {}),
      // A given clock (tests) is read every time; lru-cache otherwise reuses a reading for 1 ms.
      ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
    });
  }

  /** Entries held, aged ones dropped first (a walk over the map: for gauges, not per request). */
  get size(): number {
    this.entries.purgeStale();
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
  }

  delete(key: string): void {
    if (this.entries.size === 1 && this.entries.peek(key, { allowStale: true }) !== undefined) {
      // The only entry is this one: evicting the least recently used entry removes it in O(1).
      this.deleting = true;
      try {
        this.entries.pop();
      } finally {
        this.deleting = false;
      }
    } else this.entries.delete(key);
  }
}
