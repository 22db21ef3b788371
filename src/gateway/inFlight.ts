/**
 * Work under way, by key: a caller whose key is already running shares that run instead of starting
 * it again (a retry arriving while the first attempt still runs, concurrent events of one thread).
 * Bounded by the requests in flight: an entry lives exactly as long as its work.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  get size(): number {
    return this.running.size;
  }

  has(key: string): boolean {
    return this.running.has(key);
  }

  /** The run under way for `key`, or `start()` begun now; `joined` says the run was already under way. */
  run(key: string, start: () => Promise<T>): { result: Promise<T>; joined: boolean } {
    const running = this.running.get(key);
    if (running) return { result: running, joined: true };
    let started: Promise<T>;
    try {
      started = start();
    } catch (error) {
      started = Promise.reject(error);
    }
    const result = started.finally(() => this.running.delete(key));
    this.running.set(key, result);
    return { result, joined: false };
  }
}
