/** Connection values and fakes shared by the unit tests. */
import { EngageError } from "../../src/engage/errors";
import type { Clock } from "../../src/engage/timing";

export const SECRETS = {
  apiAccessToken: "apiTok3n-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
  realtimeAccessToken: "rtTok3n-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  webhookSecret: "whS3cret-5e6f7a8b9c0d1e2f",
} as const;

export const BOT_CATEGORY = "59248c4dae276a021cb296d2";
export const AGENT_CATEGORY = "59248c4dae276a021cb296d3";
export const SOURCE_ID = "5a1c7e3f9b2d4c6e8f0a1b2c";

export function validConnection(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...SECRETS,
    botCategoryId: BOT_CATEGORY,
    agentCategoryId: AGENT_CATEGORY,
    realtimeEndpointUrl: `https://acme.engagement.dimelo.com/realtime/sdk/${SOURCE_ID}`,
    baseApiUrl: "acme.api.engagement.dimelo.com",
    ...overrides,
  };
}

/** A clock whose time moves only when the code sleeps; random() is fixed. */
export function fakeClock(randomValue = 0.5): Clock & { slept: number[] } {
  let now = 1_700_000_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    random: () => randomValue,
  };
}

/** Fails if any secret value shows up in `text`. */
export function secretsIn(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

/** Awaits a promise that must reject with an EngageError, and returns that error. */
export async function expectEngageError(promise: Promise<unknown>): Promise<EngageError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngageError) return error;
    throw new Error(`expected an EngageError, got ${String(error)}`);
  }
  throw new Error("expected an EngageError, but the call succeeded");
}
