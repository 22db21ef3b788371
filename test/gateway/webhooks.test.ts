/**
 * Webhook batches: concurrent (bounded) delivery, per-thread order, an outage answered quickly,
 * events that can never succeed acknowledged, lookups from outside data that cannot reach the
 * prototype, and a thread RCE did not find asked for again soon.
 */
import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import type { EngageClient } from "../../src/engage/client";
import { EngageError } from "../../src/engage/errors";
import { CognigyEndpoint } from "../../src/gateway/cognigyEndpoint";
import { parseGatewayConfig } from "../../src/gateway/config";
import { Dedupe } from "../../src/gateway/dedupe";
import { silentLogger } from "../../src/gateway/log";
import { newStats } from "../../src/gateway/stats";
import { REMEMBER_MS } from "../../src/gateway/store";
import { ThreadResolver } from "../../src/gateway/threadResolver";
import { handleDelivery, type WebhookDeps } from "../../src/gateway/webhooks";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { validConnection } from "../support/fixtures";

function closed(rceThreadId: string, id: string) {
  return {
    type: "intervention.closed",
    id,
    issued_at: new Date().toISOString(),
    resource: { type: "intervention", id: `int-${id}`, metadata: { thread_id: rceThreadId } },
  };
}

describe("gateway/webhooks: batches", function () {
  this.timeout(20_000);
  let cognigy: FakeCognigy;

  beforeEach(async () => {
    cognigy = await startFakeCognigy();
  });
  afterEach(async () => cognigy.close());

  function deps(foreignIdOf: (id: string) => Promise<string>, attempts = 2): WebhookDeps {
    const config = parseGatewayConfig({
      ...validConnection(),
      verifyToken: "verify-t0ken-for-webhook-tests",
      cognigyEndpointUrl: cognigy.url,
    });
    return {
      config,
      cognigy: new CognigyEndpoint(cognigy.url, { attempts, timeoutMs: 2000, backoffMs: 100 }),
      events: new Dedupe<string>(10_000, REMEMBER_MS),
      threads: { foreignIdOf },
      log: silentLogger,
      stats: newStats(),
    };
  }
  const ours = async (rceThreadId: string) =>
    threadIdFor({ URLToken: `tok${rceThreadId}`, userId: "u", sessionId: "s" });
  const deliver = (events: unknown[], d: WebhookDeps) =>
    handleDelivery(Buffer.from(JSON.stringify({ id: "p", events })), d);

  it("delivers the events of a batch concurrently: 40 threads at 100 ms each well under 40 × 100 ms", async () => {
    cognigy.setDelay(100);
    const started = Date.now();
    const answer = await deliver(
      Array.from({ length: 40 }, (_, i) => closed(`t${i}`, `e${i}`)),
      deps(ours),
    );
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ delivered: 40, ignored: 0 });
    expect(Date.now() - started).to.be.below(1500);
  });

  it("keeps the order of one thread's events", async () => {
    cognigy.setDelay(20);
    const events = [
      { ...closed("t1", "a"), type: "intervention.opened" },
      closed("t1", "b"),
      { ...closed("t1", "c"), type: "intervention.assigned" },
    ];
    await deliver(events, deps(ours));
    expect(
      cognigy
        .delivered("inject")
        .map((c) => (c.body.data?.handover as { eventId?: string } | undefined)?.eventId),
    ).to.deep.equal(["a", "b", "c"]);
  });

  it("a 1,000-event batch during an outage is answered 503 in about one delivery's time", async () => {
    cognigy.failNext(1_000_000, 503);
    const d = deps(ours, 3);
    const started = Date.now();
    const answer = await deliver(
      Array.from({ length: 1000 }, (_, i) => closed(`t${i}`, `e${i}`)),
      d,
    );
    expect(answer.status).to.equal(503);
    expect(JSON.parse(answer.body).failed).to.have.length(1000);
    expect(Date.now() - started).to.be.below(3000);
    expect(cognigy.received()).to.be.at.most(8 * 3);
  });

  it("acknowledges an event that can never succeed (an invalid thread id) instead of 503 forever", async () => {
    const d = deps(async (id) => {
      throw new EngageError("validation", `Invalid thread id ${id.length}`);
    });
    const answer = await deliver([closed("../../x", "bad-1"), closed("t2", "bad-2")], d);
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ delivered: 0, ignored: 2 });
  });

  it("answers 503 while RCE itself is unreachable, so the batch comes back", async () => {
    const d = deps(async () => {
      throw new EngageError("unavailable", "RCE is down");
    });
    expect((await deliver([closed("t1", "x-1")], d)).status).to.equal(503);
  });

  it("acknowledges what Cognigy refuses (4xx) without retrying", async () => {
    cognigy.failNext(1, 400);
    const answer = await deliver([closed("t1", "r-1")], deps(ours));
    expect(answer.status).to.equal(200);
    expect(cognigy.received()).to.equal(1);
  });

  it("event types from outside cannot reach Object.prototype (constructor, toString, __proto__)", async () => {
    const events = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"].map((type, i) => ({
      ...closed("t1", `p${i}`),
      type,
    }));
    const answer = await deliver(events, deps(ours));
    expect(JSON.parse(answer.body)).to.deep.equal({ delivered: 0, ignored: 5 });
    expect(cognigy.calls).to.have.length(0);
  });
});

describe("gateway/webhooks: events dated older than the dedupe memory", function () {
  this.timeout(20_000);
  let cognigy: FakeCognigy;
  beforeEach(async () => {
    cognigy = await startFakeCognigy();
  });
  afterEach(async () => cognigy.close());

  const deps = (): WebhookDeps => ({
    config: parseGatewayConfig({
      ...validConnection(),
      verifyToken: "verify-t0ken-for-webhook-tests",
      cognigyEndpointUrl: cognigy.url,
    }),
    cognigy: new CognigyEndpoint(cognigy.url, { attempts: 1, timeoutMs: 2000, backoffMs: 10 }),
    // A fresh memory, as after a restart of the memory store.
    events: new Dedupe<string>(10_000, REMEMBER_MS),
    threads: {
      foreignIdOf: async (id) => threadIdFor({ URLToken: `tok${id}`, userId: "u", sessionId: "s" }),
    },
    log: silentLogger,
    stats: newStats(),
  });
  const event = (id: string, issuedAt: string | undefined) => ({ ...closed("t1", id), issued_at: issuedAt });
  const deliver = (events: unknown[], d: WebhookDeps) =>
    handleDelivery(Buffer.from(JSON.stringify({ id: "p", events })), d);
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

  it("acknowledges (200) and lists as refused an event issued 25 h ago, in the future or undated; delivers the rest", async () => {
    const answer = await deliver(
      [
        event("old", ago(25 * 3600_000)),
        event("ahead", ago(-3600_000)),
        event("undated", undefined),
        event("fresh", ago(0)),
      ],
      deps(),
    );
    expect(answer.status, "RCE stops redelivering on 200").to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({
      delivered: 1,
      ignored: 0,
      refused: ["old", "ahead", "undated"],
    });
    expect(
      cognigy
        .delivered("inject")
        .map((c) => (c.body.data?.handover as { eventId?: string } | undefined)?.eventId),
    ).to.deep.equal(["fresh"]);
  });

  it("RCE's last documented redelivery (issued 3 h 13 min ago), to a gateway started since, is delivered once", async () => {
    const batch = [event("late-retry", ago((3 * 60 + 13) * 60_000))];
    const d = deps();
    expect(JSON.parse((await deliver(batch, d)).body)).to.deep.equal({ delivered: 1, ignored: 0 });
    expect(JSON.parse((await deliver(batch, d)).body), "redelivered again: a duplicate").to.deep.equal({
      delivered: 0,
      ignored: 1,
    });
    expect(cognigy.delivered("inject")).to.have.length(1);
  });
});

describe("gateway/threadResolver", () => {
  function client(getThread: (id: string) => Promise<{ foreign_id?: string }>): EngageClient {
    return { withBudget: () => ({ rest: { getThread } }) } as unknown as EngageClient;
  }

  it("asks again soon for a thread RCE did not find, and remembers a found one", async () => {
    let calls = 0;
    let known = false;
    const resolver = new ThreadResolver(
      client(async () => {
        calls++;
        if (!known) throw new EngageError("not_found", "no such thread");
        return { foreign_id: "cgy1.a.b.c" };
      }),
      100,
      50,
    );
    expect(await resolver.foreignIdOf("t1")).to.equal("");
    expect(await resolver.foreignIdOf("t1"), "within the short wait: not asked again").to.equal("");
    expect(calls).to.equal(1);
    known = true;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await resolver.foreignIdOf("t1")).to.equal("cgy1.a.b.c");
    expect(await resolver.foreignIdOf("t1")).to.equal("cgy1.a.b.c");
    expect(calls).to.equal(2);
  });
});
