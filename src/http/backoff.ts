/** Waiting before a retry, shared by the Engage client and the gateway's delivery to Cognigy. */

/** Exponential backoff with jitter: a random wait in [base/2, min(max, base·2^(n-1))]. */
export function backoffDelay(retryNumber: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, retryNumber - 1));
  const floor = Math.min(ceiling, base / 2);
  return Math.round(floor + random() * (ceiling - floor));
}
