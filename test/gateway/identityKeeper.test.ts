import { expect } from "chai";
import { IdentityKeeper } from "../../src/gateway/identityKeeper";
import type { GatewayLogger } from "../../src/gateway/log";

describe("gateway/identityKeeper: Bot and Agent identities created when RCE sends implementation.info", () => {
  function keeper(create: () => Promise<void>, now: { t: number }, retryDelaysMs = [1, 1]) {
    const logs: { level: string; event: string }[] = [];
    const log: GatewayLogger = (level, event) => logs.push({ level, event });
    return {
      keeper: new IdentityKeeper(create, log, { now: () => now.t, refreshMs: 1000, retryDelaysMs }),
      logs,
    };
  }

  it("creates once, ignores requests while running and until the refresh period has passed", async () => {
    const now = { t: 0 };
    let calls = 0;
    const { keeper: k } = keeper(async () => {
      calls++;
    }, now);
    k.request();
    k.request();
    await k.settled();
    expect(calls).to.equal(1);
    now.t = 999;
    k.request();
    await k.settled();
    expect(calls).to.equal(1);
    now.t = 1001;
    k.request();
    await k.settled();
    expect(calls).to.equal(2);
  });

  it("retries a failure with the given delays, then gives up with an error log, and tries again on the next request", async () => {
    const now = { t: 0 };
    let calls = 0;
    const { keeper: k, logs } = keeper(async () => {
      calls++;
      throw new Error("Invalid signature");
    }, now);
    k.request();
    await k.settled();
    expect(calls).to.equal(3);
    expect(logs.map((l) => `${l.level} ${l.event}`)).to.deep.equal([
      "warn identities_not_created",
      "warn identities_not_created",
      "error identities_not_created",
    ]);
    k.request();
    await k.settled();
    expect(calls).to.equal(6);
  });

  it("stops retrying once an attempt succeeds", async () => {
    let calls = 0;
    const { keeper: k, logs } = keeper(
      async () => {
        calls++;
        if (calls === 1) throw new Error("timeout");
      },
      { t: 0 },
    );
    k.request();
    await k.settled();
    expect(calls).to.equal(2);
    expect(logs.at(-1)?.event).to.equal("identities_created");
  });
});
