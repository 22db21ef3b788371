/**
 * A map bounded in size and age (lru-cache): process memory of the gateway never grows with what the
 * internet sends it. Past the size bound the least recently used entry goes; an entry older than the
 * age bound reads as absent. Every operation is O(1), also when the map is full.
 */
import { LRUCache } from "lru-cache";

export class BoundedMap<V extends {}> {
  private readonly entries: LRUCache<string, V>;

  /** `onEvict` hears of each entry dropped because the map was full (not of aged ones). */
  constructor(maxEntries: number, maxAgeMs: number, now?: () => number, onEvict?: (value: V) => void) {
    this.entries = new LRUCache<string, V>({
      max: maxEntries,
      ttl: maxAgeMs,
      ...(onEvict
        ? { dispose: (value: V, _key: string, reason: string) => reason === "evict" && onEvict(value) }
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
    this.entries.delete(key);
  }
}
