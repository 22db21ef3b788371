/**
 * Redis unreachable, as deployed (the built file): nothing is lost — agent replies get a non-fatal
 * error (RCE retries), webhook batches 503 (RCE redelivers), /ready says not ready and why, metrics
 * and logs say so — and when Redis is back the gateway recovers without a restart. The Redis URL's
 * password never appears in the output.
 */
import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { signBody } from "../../src/engage/signature";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS } from "../support/fixtures";
import { startGatewayProcess } from "../support/gatewayProcess";
import { type RedisServer, startRedisServer } from "../support/redisServer";

const PASSWORD = "redis-pa55word-for-tests";

describe("gateway: Redis unreachable (built file, real redis-server)", function () {
  this.timeout(30_000);
  let redis: RedisServer;
  let cognigy: FakeCognigy;
  before(async () => {
    redis = await startRedisServer({ password: PASSWORD });
    cognigy = await startFakeCognigy();
  });
  after(async () => Promise.all([cognigy?.close(), redis?.stop()]));

  it("answers so RCE retries, reports not ready, and recovers when Redis is back", async () => {
    const gateway = await startGatewayProcess({
      cognigyEndpointUrl: cognigy.url,
      redisUrl: redis.url,
      logLevel: "info",
    });
    const reply = (n: number) => {
      const body = JSON.stringify({
        action: "messages.create",
        params: {
          thread_id: threadIdFor({ URLToken: "tok", userId: "u", sessionId: "s" }),
          body: `hello ${n}`,
          content_id: `outage-${n}`,
        },
        time: new Date().toISOString(),
      });
      return fetch(gateway.url, {
        method: "POST",
        body,
        headers: { "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken) },
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
    };
    const batch = () =>
      fetch(gateway.url, {
        method: "POST",
        body: JSON.stringify({
          events: [
            {
              type: "intervention.closed",
              id: "ev-outage",
              issued_at: new Date().toISOString(),
              resource: { type: "intervention", id: "i1" },
            },
          ],
        }),
        headers: { "x-dimelo-secret": SECRETS.webhookSecret },
      });
    const ready = async () => {
      const r = await fetch(`${gateway.origin}/ready`);
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };
    try {
      expect((await reply(1)).json).to.have.property("id");
      expect((await ready()).json).to.deep.include({ ready: true, store: "redis", storeReachable: true });

      await redis.kill();
      const during = await reply(2);
      expect(during.status).to.equal(200);
      expect(during.json).to.have.nested.property("error.fatal", false);
      expect(String((during.json.error as { message: string }).message)).to.contain("Redis");
      expect(
        (await reply(1)).json,
        "a known reply is not answered as delivered blindly either",
      ).to.have.nested.property("error.fatal", false);
      expect((await batch()).status, "webhook batch: RCE redelivers").to.equal(503);
      const notReady = await ready();
      expect(notReady.status).to.equal(503);
      expect(notReady.json).to.deep.include({ ready: false, storeReachable: false, cognigyReachable: true });
      const metrics = await (await fetch(`${gateway.origin}/metrics`)).text();
      expect(metrics).to.match(/^gateway_store_up\{store="redis"\} 0$/m);
      expect(metrics).to.match(/^gateway_store_failures_total\{operation="rceGwClaim"\} [1-9]/m);
      expect(cognigy.delivered("notify"), "nothing delivered without the store").to.have.length(1);

      await redis.restart();
      const deadline = Date.now() + 10_000;
      while ((await ready()).status !== 200 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await ready()).json).to.deep.include({ ready: true, storeReachable: true });
      expect((await reply(2)).json).to.have.property("id");
      expect((await batch()).status).to.equal(200);
      expect(cognigy.delivered("notify").map((c) => c.body.data?.handover)).to.have.length(2);
      expect(await (await fetch(`${gateway.origin}/metrics`)).text()).to.match(
        /^gateway_store_up\{store="redis"\} 1$/m,
      );
    } finally {
      await gateway.stop();
    }
    const output = gateway.output.join("\n");
    expect(output).to.contain('"event":"store_unavailable"');
    expect(output).to.contain('"event":"store_connected"');
    expect(output).to.contain('"redisUrl":"redis://:***@127.0.0.1:');
    expect(output).to.not.contain(PASSWORD);
    expect(output).to.not.contain(encodeURIComponent(PASSWORD));
  });
});
