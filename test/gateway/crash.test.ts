/**
 * The crash window, measured: the built gateway killed (SIGKILL) mid-stream while RCE keeps sending.
 * A reply Cognigy received whose answer never reached RCE is sent again by RCE's retry: with the
 * memory store nothing of the dead process is left to recognise it; with Redis the dead instance's
 * claim blocks the message until it expires, then the retry finds it counted as sent once (maybe
 * arrived) and sends it a second time. The README states the figures.
 */
import http from "node:http";
import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { signBody } from "../../src/engage/signature";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS } from "../support/fixtures";
import { type GatewayProcess, startGatewayProcess } from "../support/gatewayProcess";
import { type RedisServer, startRedisServer } from "../support/redisServer";

const REPLIES = 2000;
const CONCURRENCY = 50;
const THREAD = threadIdFor({ URLToken: "tok", userId: "u-crash", sessionId: "s" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: string, body: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c));
        res.on("end", () => resolve(res.statusCode === 200 ? text : undefined));
        res.on("error", () => resolve(undefined));
      },
    );
    req.setTimeout(10_000, () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end(body);
  });
}

describe("gateway (built): SIGKILL mid-stream", function () {
  this.timeout(90_000);
  let cognigy: FakeCognigy;
  let redis: RedisServer;
  const gateways: GatewayProcess[] = [];
  before(async () => {
    redis = await startRedisServer();
  });
  beforeEach(async () => {
    cognigy = await startFakeCognigy();
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((g) => g.stop()));
    await cognigy.close();
  });
  after(async () => {
    agent.destroy();
    await redis?.stop();
  });

  for (const store of ["memory", "redis"] as const)
    it(`${store} store, ${REPLIES} replies, ${CONCURRENCY} in flight: only replies in flight at the kill are shown twice, none lost`, async () => {
      await killedMidStream(store === "redis" ? { redisUrl: redis.url, cognigyTimeoutMs: 1000 } : {});
    });

  async function killedMidStream(config: Record<string, unknown>) {
    // Cognigy takes 20 ms per message: a reply is in flight there for that long.
    cognigy.setDelay(20);
    let target = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url, ...config });
    gateways.push(target);
    const started = Date.now();
    let answered = 0;
    let killed = false;
    const fatal: string[] = [];
    /** RCE: sends until answered, each try a new request dated now (retry: true after the first). */
    const deliver = async (i: number) => {
      const giveUpAt = Date.now() + 60_000;
      for (let tries = 0; Date.now() < giveUpAt; tries++) {
        const body = JSON.stringify({
          action: "messages.create",
          params: { thread_id: THREAD, body: `reply ${i}`, content_id: `k-${i}`, retry: tries > 0 },
          time: new Date().toISOString(),
        });
        const text = await post(target.url, body);
        if (text) {
          const json = JSON.parse(text) as { id?: string; error?: { fatal: boolean; message: string } };
          if (json.id) return;
          if (json.error?.fatal) {
            fatal.push(json.error.message);
            return;
          }
        }
        await sleep(20);
      }
      fatal.push(`k-${i}: never answered`);
    };
    let next = 0;
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      while (next < REPLIES) {
        await deliver(next++);
        answered++;
      }
    });
    const crash = (async () => {
      while (answered < REPLIES / 2) await sleep(5);
      const dead = target;
      dead.child.kill("SIGKILL");
      await dead.exited;
      killed = true;
      target = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url, ...config });
      gateways.push(target);
    })();
    await Promise.all([...workers, crash]);

    const received = new Map<string, number>();
    for (const call of cognigy.calls) {
      const id = String((call.body.data?.handover as { contentId?: string } | undefined)?.contentId);
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    const shownTwice = [...received.values()].filter((n) => n > 1).length;
    console.log(
      `      ${JSON.stringify({ replies: REPLIES, inFlight: CONCURRENCY, shownTwice, seconds: (Date.now() - started) / 1000 })}`,
    );
    expect(killed).to.equal(true);
    expect(fatal, "answers RCE would give up on").to.deep.equal([]);
    expect(received.size, "every reply reached Cognigy").to.equal(REPLIES);
    expect(
      [...received.values()].every((n) => n <= 2),
      "never more than twice",
    ).to.equal(true);
    expect(shownTwice, "only what was in flight at the kill").to.be.at.most(CONCURRENCY);
  }
});
