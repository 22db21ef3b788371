/**
 * Delivery to Cognigy never duplicates: exactly once when Cognigy answers (slow or failing), at most
 * twice when it hangs or drops the connection after the request was sent. Real loopback HTTP: the RCE
 * simulator pushes, the gateway forwards to a fake Cognigy.
 */
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect } from "chai";
import { flowMessage } from "../../src/conversation/events";
import { threadIdFor } from "../../src/conversation/threadId";
import { CognigyEndpoint } from "../../src/gateway/cognigyEndpoint";
import { MemorySendLedger } from "../../src/gateway/store";
import type { FakeCognigy } from "../support/fakeCognigy";
import { type GatewayWorld, startGatewayWorld } from "../support/gatewayWorld";
import { type RedisServer, startRedisServer } from "../support/redisServer";

const SESSION = { userId: "user-d", sessionId: "session-d", URLToken: "0a1b2c3d4e5f" };
const THREAD = threadIdFor(SESSION);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("gateway: delivery to Cognigy never duplicates", function () {
  this.timeout(20_000);
  let setup: GatewayWorld;
  let cognigy: FakeCognigy;

  async function start(timeoutMs: number) {
    setup = await startGatewayWorld({ delivery: { attempts: 3, timeoutMs, backoffMs: 10 } });
    cognigy = setup.cognigy;
  }
  afterEach(async () => setup.close());

  const reply = (contentId: string, retry = false) =>
    setup.world.sim.pushAgentReply({
      thread_id: THREAD,
      body: "Hello",
      format: "text",
      content_id: contentId,
      retry,
    });

  it("slow Cognigy (1.5 s): one notify, and RCE's retry while it runs gets the same id", async () => {
    await start(5000);
    cognigy.setDelay(1500);
    const first = reply("slow-1");
    await sleep(300);
    const retry = reply("slow-1", true);
    const [a, b] = await Promise.all([first, retry]);
    expect((a.json as { id: string }).id.startsWith(`${THREAD}.agent-`)).to.equal(true);
    expect((b.json as { id: string }).id).to.equal((a.json as { id: string }).id);
    expect(cognigy.received("notify")).to.equal(1);
    const later = await reply("slow-1", true);
    expect((later.json as { id: string }).id).to.equal((a.json as { id: string }).id);
    expect(cognigy.received("notify")).to.equal(1);
  });

  it("failing Cognigy (503 declines): retried until it takes it, delivered exactly once", async () => {
    await start(2000);
    cognigy.failNext(4, 503);
    const first = await reply("fail-1");
    expect(first.json).to.nested.include({ "error.fatal": false });
    const second = await reply("fail-1", true);
    expect(second.json).to.have.property("id");
    expect(cognigy.delivered("notify")).to.have.length(1);
    expect(cognigy.received("notify")).to.equal(5);
  });

  it("a 4xx from Cognigy is final: one try, a fatal error for RCE", async () => {
    await start(2000);
    cognigy.failNext(1, 404);
    const first = await reply("gone-1");
    expect(first.json).to.nested.include({ "error.fatal": true });
    expect(cognigy.received("notify")).to.equal(1);
  });

  it("the send ledger keeps a count only while the outcome is unknown: none once Cognigy answered", async () => {
    await start(200);
    await reply("answered-1");
    cognigy.setDelay(1500);
    await reply("hung-1");
    const sends = setup.gateway.store.sends as MemorySendLedger;
    expect(sends.sent({ route: "notify", message: "content:answered-1" }), "answered: forgotten").to.equal(0);
    expect(sends.sent({ route: "notify", message: "content:hung-1" }), "may have arrived: counted").to.equal(
      1,
    );
  });

  it("hanging Cognigy: never repeated at once, sent at most twice in all, then refused as possibly delivered", async () => {
    await start(200);
    cognigy.setDelay(1500);
    const first = await reply("hang-1");
    expect(first.json, "RCE may try again").to.nested.include({ "error.fatal": false });
    expect(cognigy.received("notify"), "no repeat after a timeout").to.equal(1);
    const second = await reply("hang-1", true);
    expect(second.json).to.nested.include({ "error.fatal": true });
    expect(cognigy.received("notify")).to.equal(2);
    const third = await reply("hang-1", true);
    expect(third.json).to.nested.include({ "error.fatal": true });
    expect(String((third.json as { error: { message: string } }).error.message)).to.contain(
      "may have arrived",
    );
    await sleep(1600);
    expect(cognigy.received("notify"), "at most twice").to.equal(2);
  });

  it("a connection dropped after sending counts as maybe delivered: at most twice", async () => {
    await start(2000);
    cognigy.failNext(10, 0);
    await reply("drop-1");
    await reply("drop-1", true);
    await reply("drop-1", true);
    expect(cognigy.received("notify")).to.equal(2);
  });

  it("Cognigy not listening at all is provably not delivered: retried, and RCE is told to try again", async () => {
    await start(2000);
    await cognigy.close();
    const first = await reply("down-1");
    expect(first.json).to.nested.include({ "error.fatal": false });
    const again = await reply("down-1", true);
    expect(again.json).to.nested.include({ "error.fatal": false });
  });

  it("URLTokens . and .. never reach another Cognigy route", async () => {
    await start(2000);
    for (const URLToken of [".", "..", "../inject", "a/b"]) {
      const thread = threadIdFor({ ...SESSION, URLToken });
      const answer = await setup.world.sim.pushAgentReply({
        thread_id: thread,
        body: "x",
        content_id: URLToken,
      });
      expect(answer.json, URLToken).to.nested.include({ "error.fatal": true });
    }
    expect(cognigy.calls).to.have.length(0);
  });
});

describe("gateway/cognigyEndpoint: what counts as sent", function () {
  this.timeout(20_000);

  it("time up while still waiting for a connection: provably not sent, not counted, tried again", async () => {
    const ledger = new MemorySendLedger();
    let connects = 0;
    const endpoint = new CognigyEndpoint(
      "http://127.0.0.1:9",
      { attempts: 2, timeoutMs: 100, backoffMs: 10 },
      undefined,
      ledger,
      // A connection that never comes (a SYN nobody answers): the requests wait and are never written.
      { connect: () => void connects++ },
    );
    const message = flowMessage(
      {
        type: "agentReply",
        source: "rce",
        threadId: THREAD,
        agent: { id: null, name: null },
        contentId: "waiting-1",
        attachments: [],
      },
      "Hello",
    );
    const result = await endpoint.notify(SESSION, message, "waiting-1");
    expect(result).to.include({ ok: false, outcome: "not_delivered" });
    expect(ledger.sent({ route: "notify", message: "waiting-1" }), "not an ambiguous send").to.equal(0);
    expect(connects).to.be.at.least(1);
    await endpoint.close(50);
  });

  it("an https endpoint (Cognigy's are): delivered through TLS; an untrusted certificate is provably not sent", async () => {
    // A self-signed certificate for 127.0.0.1, made for this test only (test/support/tls).
    const tls = path.join(__dirname, "..", "support", "tls");
    const cert = fs.readFileSync(path.join(tls, "localhost.cert.pem"));
    const seen: { path?: string; body: string; authorization?: string }[] = [];
    const server = https.createServer(
      { cert, key: fs.readFileSync(path.join(tls, "localhost.key.pem")) },
      (req, res) => {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          seen.push({ path: req.url, body, authorization: req.headers.authorization });
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const policy = { attempts: 2, timeoutMs: 2000, backoffMs: 10 };
    const message = flowMessage(
      {
        type: "agentReply",
        source: "rce",
        threadId: THREAD,
        agent: { id: null, name: null },
        contentId: "tls-1",
        attachments: [],
      },
      "Hello",
    );
    try {
      // Credentials written into the endpoint URL go as Basic authorization, as node:http sent them.
      const withCredentials = origin.replace("https://", "https://relay:p%40ss@");
      const trusted = new CognigyEndpoint(`${withCredentials}/base/`, policy, undefined, undefined, {
        connect: { ca: cert },
      });
      expect(await trusted.notify(SESSION, message, "tls-1")).to.include({ ok: true, outcome: "delivered" });
      expect(seen).to.have.length(1);
      expect(seen[0].path).to.equal(`/base/notify/${SESSION.URLToken}`);
      expect(seen[0].authorization).to.equal(`Basic ${Buffer.from("relay:p@ss").toString("base64")}`);
      expect(JSON.parse(seen[0].body)).to.deep.include({
        userId: SESSION.userId,
        sessionId: SESSION.sessionId,
        text: "Hello",
      });
      await trusted.close(50);

      const ledger = new MemorySendLedger();
      const untrusted = new CognigyEndpoint(origin, policy, undefined, ledger);
      const refused = await untrusted.notify(SESSION, message, "tls-2");
      expect(refused).to.include({ ok: false, outcome: "not_delivered" });
      expect(ledger.sent({ route: "notify", message: "tls-2" }), "never counted as maybe delivered").to.equal(
        0,
      );
      expect(seen, "nothing reached the server").to.have.length(1);
      await untrusted.close(50);
    } finally {
      server.close();
    }
  });
});

describe("gateway: Cognigy's status line is its answer, whatever the body does after it", function () {
  this.timeout(60_000);
  const REPLIES = 60;
  let redis: RedisServer;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => redis?.stop());

  const cases = [
    { store: "memory", cut: false },
    { store: "memory", cut: true },
    { store: "redis", cut: false },
    { store: "redis", cut: true },
  ] as const;
  for (const { store, cut } of cases)
    it(`${store} store: headers at once, the body ${cut ? "cut off" : "finished"} after 600 ms, timeout 300 ms: each reply shown once, answered as delivered`, async () => {
      const setup = await startGatewayWorld({
        delivery: { attempts: 3, timeoutMs: 300, backoffMs: 10 },
        gatewayConfig: store === "redis" ? { redisUrl: redis.url } : {},
      });
      try {
        setup.cognigy.setBodyDelay(600, cut);
        /** RCE: sends the reply, and again (retry: true) after a non-fatal error, 5 tries at most. */
        const deliver = async (i: number) => {
          for (let tries = 0; tries < 5; tries++) {
            const answer = await setup.world.sim.pushAgentReply({
              thread_id: THREAD,
              body: `reply ${i}`,
              format: "text",
              content_id: `late-body-${store}-${cut}-${i}`,
              retry: tries > 0,
            });
            const json = answer.json as { id?: string; error?: { fatal: boolean; message: string } };
            if (json.id) return "delivered";
            if (json.error?.fatal) return `fatal: ${json.error.message}`;
          }
          return "still failing";
        };
        const outcomes = await Promise.all(Array.from({ length: REPLIES }, (_, i) => deliver(i)));
        const received = new Map<string, number>();
        for (const call of setup.cognigy.calls) {
          const id = String((call.body.data?.handover as { contentId?: string } | undefined)?.contentId);
          received.set(id, (received.get(id) ?? 0) + 1);
        }
        const duplicates = [...received.values()].filter((n) => n > 1).length;
        expect(duplicates, "replies the user saw twice").to.equal(0);
        expect(received.size, "replies that reached Cognigy").to.equal(REPLIES);
        expect(
          outcomes.filter((o) => o !== "delivered"),
          "answers other than delivered",
        ).to.deep.equal([]);
      } finally {
        await setup.close();
      }
    });
});
