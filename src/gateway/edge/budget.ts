/**
 * Bytes of bodies held by the gateway, charged as they arrive (a declared Content-Length costs
 * nothing until its bytes come) and given back when the request is answered. One budget for all
 * clients and a share of it per client address, so one address cannot take the room others need.
 */
export interface BodyCharge {
  /** Takes `bytes` more; false (and nothing taken) when it would pass the total or the client's share. */
  take(bytes: number): boolean;
  /** Gives back everything this charge took. Safe to call twice. */
  release(): void;
}

export class BodyBudget {
  private inFlight = 0;
  private readonly byClient = new Map<string, number>();

  constructor(
    private readonly total: number,
    private readonly perClient: number,
  ) {}

  get bytesInFlight(): number {
    return this.inFlight;
  }

  /** A charge for one request; `exempt` ones (already authenticated) count only against the total. */
  open(client: string, exempt = false): BodyCharge {
    let held = 0;
    return {
      take: (bytes) => {
        if (this.inFlight + bytes > this.total) return false;
        if (!exempt) {
          const clientHeld = this.byClient.get(client) ?? 0;
          if (clientHeld + bytes > this.perClient) return false;
          this.byClient.set(client, clientHeld + bytes);
        }
        this.inFlight += bytes;
        held += bytes;
        return true;
      },
      release: () => {
        if (held === 0) return;
        this.inFlight -= held;
        if (!exempt) {
          const left = (this.byClient.get(client) ?? 0) - held;
          if (left > 0) this.byClient.set(client, left);
          else this.byClient.delete(client);
        }
        held = 0;
      },
    };
  }
}
