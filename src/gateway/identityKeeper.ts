/**
 * Creates the Bot and Agent identities in RCE when RCE first talks to the gateway. RCE sends
 * implementation.info when an admin saves the SDK source (setup step 3), so by step 7 the identities
 * the admin must mark Controlled already exist, with no extra action. RCE also sends it at the start
 * of every synchronisation run (about every minute), hence: in the background, one run at a time,
 * again only after `refreshMs` once it succeeded, with a few spaced retries when it failed.
 */
import type { GatewayLogger } from "./log";

export interface IdentityKeeperOptions {
  refreshMs?: number;
  retryDelaysMs?: readonly number[];
  now?: () => number;
}

export class IdentityKeeper {
  private running: Promise<void> | undefined;
  private succeededAt = Number.NEGATIVE_INFINITY;
  private readonly refreshMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly now: () => number;

  constructor(
    private readonly create: () => Promise<void>,
    private readonly log: GatewayLogger,
    options: IdentityKeeperOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 3600_000;
    this.retryDelaysMs = options.retryDelaysMs ?? [2000, 10_000, 60_000];
    this.now = options.now ?? Date.now;
  }

  /** Starts a run unless one is running or the last success is recent. Never throws. */
  request(): void {
    if (this.running || this.now() - this.succeededAt < this.refreshMs) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when the current run (if any) has ended; for tests and shutdown. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.create();
        this.succeededAt = this.now();
        this.log("info", "identities_created", { attempts: attempt + 1 });
        return;
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        this.log(delay === undefined ? "error" : "warn", "identities_not_created", {
          attempt: attempt + 1,
          reason: error instanceof Error ? error.message : String(error),
          retryInMs: delay ?? null,
        });
        if (delay === undefined) return;
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }
}
