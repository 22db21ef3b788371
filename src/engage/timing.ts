/** Time as the client sees it: injectable so tests and benchmarks control waits and jitter. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/**
 * An overall time budget shared by every request of one unit of work (a node execution, a gateway
 * request), so retries can never push the caller past its own deadline.
 */
export class Budget {
  private constructor(
    readonly deadline: number,
    private readonly clock: Clock,
  ) {}

  static start(ms: number, clock: Clock = systemClock): Budget {
    return new Budget(clock.now() + Math.max(0, ms), clock);
  }

  remaining(): number {
    return Math.max(0, this.deadline - this.clock.now());
  }
}
