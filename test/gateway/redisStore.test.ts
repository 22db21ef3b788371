/**
 * The Redis store against a real redis-server: the once semantics shared by two stores (two
 * instances), claims and their expiry, the documented key names and lifetimes, the ledger and the
 * thread cache, and what happens while Redis is away.
 */
import { expect } from "chai";
import { silentLogger } from "../../src/gateway/log";
import { RedisStore } from "../../src/gateway/redisStore";
import { parseRedisUrl, redactUrlCredentials } from "../../src/gateway/redisUrl";
import { HandledElsewhere, StoreUnavailable } from "../../src/gateway/store";
import { type RedisServer, startRedisServer } from "../support/redisServer";

describe("gateway/redisStore: the memory shared by instances, in a real Redis", function () {
  this.timeout(20_000);
  let redis: RedisServer;
  const stores: RedisStore[] = [];
  const store = async (options: Partial<ConstructorParameters<typeof RedisStore>[0]> = {}) => {
    const created = new RedisStore({ url: redis.url, claimTtlMs: 10_000, log: silentLogger, ...options });
    stores.push(created);
    expect(await created.connected(3000), "connected").to.equal(true);
    return created;
  };

  before(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await redis.command(["FLUSHALL"]).catch(() => undefined);
  });
  after(async () => redis?.stop());

  it("two instances: work runs once per key, the other gets the result; a failure is forgotten", async () => {
    const [a, b] = [await store(), await store()];
    let runs = 0;
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve(`v${++runs}`), 50));
    const results = await Promise.all([
      a.replies.once("k", slow),
      b.replies.once("k", slow),
      a.replies.once("k", slow),
    ]);
    expect(runs).to.equal(1);
    expect(results.map((r) => r.value)).to.deep.equal(["v1", "v1", "v1"]);
    expect(results.filter((r) => !r.duplicate)).to.have.length(1);
    expect((await b.replies.once("k", slow)).duplicate).to.equal(true);
    // Replies and events are separate memories.
    expect((await b.events.once("k", async () => "event")).value).to.equal("event");

    await a.replies.once("bad", () => Promise.reject(new Error("down"))).catch(() => undefined);
    expect(await redis.command(["EXISTS", "rce-gw:reply:{bad}:claim"])).to.equal(":0");
    expect(await b.replies.once("bad", async () => "ok")).to.deep.equal({ value: "ok", duplicate: false });
  });

  it("documented keys and lifetimes: result 24 h, claim gone after success, prefix configurable", async () => {
    const s = await store({ keyPrefix: "gw1:" });
    await s.replies.once("content:c-1", async () => "delivered");
    await s.events.once("e-1", async () => "ignored");
    await s.sends.begin({ route: "notify", message: "content:c-2" });
    await s.threads.set("t-1", "cgy1.a.b.c");
    const keys = (await redis.command(["KEYS", "*"])).split(/\r\n/).filter((l) => l.startsWith("gw1:"));
    expect(keys.sort()).to.deep.equal([
      "gw1:event:{e-1}:done",
      "gw1:reply:{content:c-1}:done",
      "gw1:sent:{content:c-2}:notify",
      "gw1:thread:{t-1}",
    ]);
    for (const key of keys) {
      const ttl = Number((await redis.command(["PTTL", key])).slice(1));
      expect(ttl, key).to.be.within(24 * 3600_000 - 60_000, 24 * 3600_000);
    }
    expect(await redis.command(["GET", "gw1:event:{e-1}:done"])).to.equal("ignored");
    expect(await s.threads.get("t-1")).to.equal("cgy1.a.b.c");
    expect(await s.threads.get("t-2")).to.equal(undefined);
    expect(await s.sends.begin({ route: "notify", message: "content:c-2" })).to.equal(2);
  });

  it("the send ledger: one count per message and route, shared by instances; undo takes a send back, forget the count", async () => {
    const a = await store();
    const b = await store();
    const reply = { route: "notify", message: "content:c-9" } as const;
    const event = { route: "inject", message: "e-9" } as const;
    expect(await a.sends.begin(reply)).to.equal(1);
    expect(await b.sends.begin(reply), "the other instance counts on").to.equal(2);
    expect(await b.sends.begin(event), "another route, another count").to.equal(1);
    await a.sends.undo(reply);
    expect(await b.sends.begin(reply)).to.equal(2);
    // Never below 0, even when the count expired in between.
    await redis.command(["DEL", "rce-gw:sent:{e-9}:inject"]);
    await a.sends.undo(event);
    expect(await a.sends.begin(event)).to.equal(1);
    // Cognigy answered: the count goes, nothing of it stays in Redis.
    await b.sends.forget(reply);
    expect(await redis.command(["EXISTS", "rce-gw:sent:{content:c-9}:notify"])).to.equal(":0");
    await a.sends.undo(event);
    expect(await redis.command(["EXISTS", "rce-gw:sent:{e-9}:inject"]), "undone to 0: gone").to.equal(":0");
  });

  it("a claim held by another (crashed) instance: waits bounded, answers 'retry later', and expires", async () => {
    const s = await store({ claimWaitMs: 150 });
    // What a crashed instance leaves: a claim with its expiry, no result.
    await redis.command(["SET", "rce-gw:reply:{content:x}:claim", "crashed", "PX", "600"]);
    let runs = 0;
    const started = Date.now();
    const error = await s.replies.once("content:x", async () => `${++runs}`).catch((e: Error) => e);
    expect(error).to.be.instanceOf(HandledElsewhere);
    expect(Date.now() - started).to.be.below(600);
    expect(runs).to.equal(0);
    await new Promise((resolve) => setTimeout(resolve, 650));
    expect(await s.replies.once("content:x", async () => `${++runs}`)).to.deep.equal({
      value: "1",
      duplicate: false,
    });
    // A claim whose holder finishes within the wait: the waiter gets the result, nothing runs twice.
    const holder = await store();
    const waiter = await store({ claimWaitMs: 2000 });
    const first = holder.events.once("e", () => new Promise((r) => setTimeout(() => r("delivered"), 300)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await waiter.events.once("e", async () => "twice!")).to.deep.equal({
      value: "delivered",
      duplicate: true,
    });
    expect((await first).duplicate).to.equal(false);
  });

  it("Redis away: fails at once with StoreUnavailable (nothing run), not reachable; back without a restart", async () => {
    const s = await store();
    await s.threads.set("t", "cgy1.x.y.z");
    await redis.kill();
    let runs = 0;
    const started = Date.now();
    const error = await s.replies.once("k", async () => `${++runs}`).catch((e: Error) => e);
    expect(error).to.be.instanceOf(StoreUnavailable);
    expect(Date.now() - started, "no waiting on a dead Redis").to.be.below(2500);
    expect(runs).to.equal(0);
    expect(await s.reachable()).to.equal(false);
    expect(await s.threads.get("t"), "a cache: a miss, not an error").to.equal(undefined);
    await s.sends.begin({ route: "notify", message: "x" }).then(
      () => expect.fail("the ledger must not answer while Redis is away"),
      (e: Error) => expect(e).to.be.instanceOf(StoreUnavailable),
    );
    await redis.restart();
    expect(await s.connected(5000), "reconnected on its own").to.equal(true);
    expect(await s.reachable()).to.equal(true);
    expect(await s.replies.once("k", async () => `${++runs}`)).to.deep.equal({
      value: "1",
      duplicate: false,
    });
  });

  it("redisUrl: standalone, Sentinel and Cluster forms; the password is never shown", () => {
    expect(parseRedisUrl("redis://:s3cr3t-pw@127.0.0.1:6379/2")).to.deep.include({
      mode: "standalone",
      password: "s3cr3t-pw",
    });
    expect(parseRedisUrl("rediss+sentinel://app:pw%40x@s1:26379,s2/mymaster?db=3")).to.deep.equal({
      mode: "sentinel",
      nodes: [
        { host: "s1", port: 26379 },
        { host: "s2", port: 26379 },
      ],
      name: "mymaster",
      username: "app",
      password: "pw@x",
      db: 3,
      tls: true,
    });
    expect(parseRedisUrl("redis+cluster://c1:7000,[::1]:7001")).to.deep.include({
      mode: "cluster",
      nodes: [
        { host: "c1", port: 7000 },
        { host: "::1", port: 7001 },
      ],
    });
    expect(() => parseRedisUrl("redis+sentinel://:pw-secret@s1:26379")).to.throw(/master/);
    expect(() => parseRedisUrl("http://:pw-secret@x"))
      .to.throw()
      .with.property("message")
      .not.contain("pw-secret");
    expect(redactUrlCredentials("redis://user:pw-secret@h:1/0")).to.equal("redis://user:***@h:1/0");
    expect(redactUrlCredentials("redis://h:1")).to.equal("redis://h:1");
  });
});
