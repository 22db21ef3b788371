/**
 * High availability as deployed: two gateway processes (the built file) sharing one real
 * redis-server, RCE's traffic alternating between them, the same retry sent to both at once, batches
 * redelivered to the other instance, and one instance restarted mid-stream. Over 10,000 agent replies
 * and 10,000 webhook events Cognigy must see each exactly once: 0 duplicates, 0 lost. Again with a
 * Cognigy that sends its status line at once and the body after the gateway's timeout.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { signBody } from "../../src/engage/signature";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS, validConnection } from "../support/fixtures";
import { type GatewayProcess, startGatewayProcess } from "../support/gatewayProcess";
import { type RedisServer, startRedisServer } from "../support/redisServer";

const EVENTS_PER_BATCH = 50;
const THREADS = 200;
/** Attempts RCE makes for one request before the test calls it lost. */
const MAX_TRIES = 60;

interface Answer {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", () => resolve({ status: 0, body: "" }));
      },
    );
    req.setTimeout(30_000, () => req.destroy());
    // A refused or reset connection (an instance stopping) is what RCE sees as a failed request.
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.end(body);
  });
}

/** RCE's thread lookup (GET /1.0/content_threads/:id): every thread is one of ours. */
async function fakeRceRest(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const match = /^\/1\.0\/content_threads\/([^/?]+)/.exec(req.url ?? "");
    if (!match) {
      res.writeHead(404).end("{}");
      return;
    }
    const body = JSON.stringify({ id: match[1], foreign_id: conversationOf(match[1]) });
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const conversationOf = (rceThreadId: string) =>
  threadIdFor({ URLToken: "tok", userId: `u-${rceThreadId}`, sessionId: "s" });

describe("gateway: two instances sharing one Redis (high availability)", function () {
  this.timeout(120_000);
  let redis: RedisServer;
  let cognigy: FakeCognigy;
  let rest: { url: string; close(): Promise<void> };
  const gateways: GatewayProcess[] = [];

  before(async () => {
    redis = await startRedisServer();
    cognigy = await startFakeCognigy();
    rest = await fakeRceRest();
  });
  after(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    agent.destroy();
    await Promise.all([cognigy?.close(), rest?.close(), redis?.stop()]);
  });

  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((g) => g.stop()));
    cognigy.calls.splice(0);
    cognigy.setBodyDelay(0);
    await redis.command(["FLUSHALL"]);
  });

  const startInstance = (config: Record<string, unknown>) =>
    startGatewayProcess({
      ...validConnection({ baseApiUrl: rest.url }),
      cognigyEndpointUrl: cognigy.url,
      redisUrl: redis.url,
      logLevel: "error",
      ...config,
    }).then((g) => {
      gateways.push(g);
      return g;
    });

  it("10,000 agent replies and 10,000 webhook events: each reaches Cognigy exactly once", async () => {
    // A little latency at Cognigy, so that retries sent to both instances really overlap.
    cognigy.setDelay(2);
    await run(10_000, 10_000, {});
  });

  it("Cognigy's headers at once, its body after the timeout (3 s, body after 3.5 s): 1,000 + 1,000, each exactly once", async () => {
    // As issue #22 measured it. The status line must come within the timeout: on a machine so loaded
    // that it takes longer, a send is rightly ambiguous (at most twice), so the timeout leaves room.
    cognigy.setDelay(2);
    cognigy.setBodyDelay(3500);
    await run(1000, 1000, { cognigyTimeoutMs: 3000 });
  });

  async function run(REPLIES: number, EVENTS: number, config: Record<string, unknown>) {
    const live: GatewayProcess[] = [await startInstance(config), await startInstance(config)];
    let turn = 0;
    const pick = () => live[turn++ % live.length];
    const counts = { sentToBoth: 0, repeatedAfterSuccess: 0, retries: 0, fatal: 0, restarts: 0 };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    /** RCE sending one Source SDK create until it gets a created message (bounded). */
    const sdkBody = (i: number, retry: boolean) =>
      JSON.stringify({
        action: "messages.create",
        params: {
          thread_id: conversationOf(`r${i % THREADS}`),
          body: `reply ${i}`,
          format: "text",
          content_id: `c-${i}`,
          retry,
        },
        // Every try is a new request, dated when it is made (request-response.md).
        time: new Date().toISOString(),
      });
    const sdkOnce = async (target: GatewayProcess, body: string): Promise<"ok" | "retry" | "fatal"> => {
      const answer = await post(target.url, body, {
        "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken),
      });
      if (answer.status !== 200) return "retry";
      const parsed = JSON.parse(answer.body) as { id?: string; error?: { fatal: boolean } };
      if (parsed.id) return "ok";
      return parsed.error?.fatal ? "fatal" : "retry";
    };
    const deliverReply = async (i: number) => {
      let outcome: "ok" | "retry" | "fatal";
      if (i % 10 === 3 && live.length > 1) {
        // The same retry reaching both instances at the same moment.
        counts.sentToBoth++;
        const both = await Promise.all(live.slice(0, 2).map((g) => sdkOnce(g, sdkBody(i, true))));
        outcome = both.includes("ok") ? "ok" : both.includes("fatal") ? "fatal" : "retry";
      } else outcome = await sdkOnce(pick(), sdkBody(i, false));
      outcome = await untilDone(i, outcome);
      if (outcome === "ok" && i % 7 === 0) {
        // RCE retrying a create that had already succeeded (its answer lost on the way): any instance.
        counts.repeatedAfterSuccess++;
        outcome = await untilDone(i, await sdkOnce(pick(), sdkBody(i, true)));
      }
      if (outcome !== "ok") counts.fatal++;
    };
    const untilDone = async (i: number, first: "ok" | "retry" | "fatal") => {
      let outcome = first;
      for (let tries = 1; outcome === "retry" && tries < MAX_TRIES; tries++) {
        counts.retries++;
        await sleep(Math.min(20 * tries, 200));
        outcome = await sdkOnce(pick(), sdkBody(i, true));
      }
      return outcome;
    };

    // The events happened when the run started; a redelivery keeps their issued_at.
    const issuedAt = new Date().toISOString();
    const batchBody = (b: number) =>
      JSON.stringify({
        id: `p-${b}`,
        events: Array.from({ length: EVENTS_PER_BATCH }, (_, k) => {
          const n = b * EVENTS_PER_BATCH + k;
          return {
            type: n % 2 ? "intervention.opened" : "intervention.closed",
            id: `ev-${n}`,
            issued_at: issuedAt,
            resource: { type: "intervention", id: `i-${n}`, metadata: { thread_id: `r${n % THREADS}` } },
          };
        }),
      });
    const secret = { "x-dimelo-secret": SECRETS.webhookSecret };
    const deliverBatch = async (b: number) => {
      const body = batchBody(b);
      let ok: boolean;
      if (b % 5 === 1 && live.length > 1) {
        // At-least-once delivery: the same batch to both instances at once.
        counts.sentToBoth++;
        const both = await Promise.all(live.slice(0, 2).map((g) => post(g.url, body, secret)));
        ok = both.every((a) => a.status === 200);
      } else ok = (await post(pick().url, body, secret)).status === 200;
      for (let tries = 1; !ok && tries < MAX_TRIES; tries++) {
        counts.retries++;
        await sleep(Math.min(20 * tries, 200));
        ok = (await post(pick().url, body, secret)).status === 200;
      }
      if (!ok) counts.fatal++;
    };

    const pool = async (count: number, concurrency: number, work: (i: number) => Promise<void>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) await work(next++);
        }),
      );
    };

    const started = Date.now();
    let repliesDone = 0;
    const replies = pool(REPLIES, 24, async (i) => {
      await deliverReply(i);
      repliesDone++;
    });
    const events = pool(EVENTS / EVENTS_PER_BATCH, 4, deliverBatch);
    // One instance restarted mid-stream: SIGTERM while requests are in flight and the "balancer" still
    // sends it traffic (refused or 503 while it drains, so RCE retries on the other one); then a new
    // one (another port, as a rescheduled container gets) is put back behind the balancer.
    const restart = (async () => {
      while (repliesDone < REPLIES * 0.4) await sleep(20);
      const old = live[1];
      await old.stop("SIGTERM");
      live.splice(live.indexOf(old), 1);
      await sleep(200);
      live.push(await startInstance(config));
      counts.restarts++;
    })();
    await Promise.all([replies, events, restart]);
    const seconds = (Date.now() - started) / 1000;

    const notified = new Map<string, number>();
    for (const call of cognigy.delivered("notify")) {
      const id = String((call.body.data?.handover as { contentId?: string } | undefined)?.contentId);
      notified.set(id, (notified.get(id) ?? 0) + 1);
    }
    const injected = new Map<string, number>();
    for (const call of cognigy.delivered("inject")) {
      const id = String((call.body.data?.handover as { eventId?: string } | undefined)?.eventId);
      injected.set(id, (injected.get(id) ?? 0) + 1);
    }
    const duplicates = (seen: Map<string, number>) => [...seen.values()].filter((n) => n > 1).length;
    const lost = (seen: Map<string, number>, ids: string[]) => ids.filter((id) => !seen.has(id)).length;
    const figures = {
      seconds,
      ...counts,
      replyDuplicates: duplicates(notified),
      repliesLost: lost(
        notified,
        Array.from({ length: REPLIES }, (_, i) => `c-${i}`),
      ),
      eventDuplicates: duplicates(injected),
      eventsLost: lost(
        injected,
        Array.from({ length: EVENTS }, (_, i) => `ev-${i}`),
      ),
    };
    console.log(`      ${JSON.stringify(figures)}`);
    expect(counts.restarts).to.equal(1);
    expect(counts.fatal, "requests RCE would have given up on").to.equal(0);
    expect(figures.replyDuplicates).to.equal(0);
    expect(figures.repliesLost).to.equal(0);
    expect(figures.eventDuplicates).to.equal(0);
    expect(figures.eventsLost).to.equal(0);
    expect(notified.size).to.equal(REPLIES);
    expect(injected.size).to.equal(EVENTS);
    for (const gateway of live) expect(gateway.alive()).to.equal(true);
  }
});
