/**
 * Issue #21's attacks against the built gateway in its own process, each while genuine signed RCE
 * traffic is sent: that traffic is answered 2xx, the process's memory stays bounded, and every
 * attacking connection ends with an HTTP answer or a clean close (never a reset). Attackers come
 * from 127.0.0.2 (another client than RCE at 127.0.0.1) unless said otherwise. Loopback only; every
 * attack is bounded in connections and time.
 */

import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { signBody } from "../../src/engage/signature";
import {
  type Attack,
  type AttackTally,
  bodiesToOtherRoutes,
  holdDeclaredBodies,
  idleConnections,
  pipelineWithoutReading,
  targetOf,
  trickleBodies,
} from "../support/attackers";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS } from "../support/fixtures";
import { type GatewayProcess, startGatewayProcess } from "../support/gatewayProcess";

const MB = 1024 * 1024;
const ATTACKER = "127.0.0.2";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const THREAD = threadIdFor({ URLToken: "tok", userId: "u", sessionId: "s" });

interface Genuine {
  statuses: number[];
  latenciesMs: number[];
}

let replyCount = 0;

/** Genuine signed agent replies (messages.create), one after another, for `ms`. */
async function genuineTraffic(url: string, ms: number): Promise<Genuine> {
  const result: Genuine = { statuses: [], latenciesMs: [] };
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const body = JSON.stringify({
      action: "messages.create",
      params: { thread_id: THREAD, body: "hello", format: "text", content_id: `genuine-${replyCount++}` },
      time: new Date().toISOString(),
    });
    const started = Date.now();
    const status = await fetch(url, {
      method: "POST",
      body,
      headers: { "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken) },
      signal: AbortSignal.timeout(5000),
    }).then(
      async (answer) => {
        await answer.arrayBuffer();
        return answer.status;
      },
      () => 0,
    );
    result.statuses.push(status);
    result.latenciesMs.push(Date.now() - started);
    await sleep(20);
  }
  return result;
}

function expectServed(genuine: Genuine, label: string): void {
  // How many depends on the machine's load; that each one is answered does not.
  expect(genuine.statuses.length, `${label}: genuine requests sent`).to.be.at.least(5);
  const failed = genuine.statuses.filter((s) => s !== 200);
  expect(failed, `${label}: genuine requests not answered 200`).to.deep.equal([]);
}

function expectNoResets(tally: AttackTally, label: string): void {
  expect(tally.resets, `${label}: attacking connections reset instead of answered or closed`).to.equal(0);
}

async function during(attack: Attack, gateway: GatewayProcess, ms: number): Promise<[Genuine, AttackTally]> {
  await sleep(300);
  const genuine = await genuineTraffic(gateway.url, ms);
  const tally = await attack.stop();
  return [genuine, tally];
}

describe("gateway edge under attack, genuine traffic served meanwhile (built file, own process)", function () {
  this.timeout(120_000);
  let cognigy: FakeCognigy;
  let gateway: GatewayProcess;

  beforeEach(async () => {
    cognigy = await startFakeCognigy();
    gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url });
  });
  afterEach(async () => {
    expect(gateway.alive(), "the gateway process is still running").to.equal(true);
    await gateway.stop();
    await cognigy.close();
  });

  for (const count of [20, 200])
    it(`${count} connections holding declared 2 MB signed bodies (sending none, reconnecting) do not block RCE`, async () => {
      // From RCE's own address too: a declared size costs nothing until its bytes come.
      const attack = holdDeclaredBodies(targetOf(gateway.origin), count);
      const [genuine, tally] = await during(attack, gateway, 2500);
      expectServed(genuine, "declared bodies");
      expectNoResets(tally, "declared bodies");
      expect(gateway.peakRssMb()).to.be.below(256);
    });

  it("200 connections trickling signed bodies are cut at their deadline with 408; RCE is served", async () => {
    // 20 KB/s each: a 2 MB body would take 100 s; its deadline is 1 s + 2 s at 1 MiB/s.
    const attack = trickleBodies(targetOf(gateway.origin, ATTACKER), 200, 20_000);
    const [genuine, tally] = await during(attack, gateway, 4500);
    expectServed(genuine, "trickled bodies");
    // Cut at their deadline (408), or earlier when their address's share of the body budget is spent (503).
    const cut = (tally.answers[408] ?? 0) + (tally.answers[503] ?? 0);
    expect(cut, `trickling connections cut: ${JSON.stringify(tally)}`).to.be.greaterThan(190);
    expectNoResets(tally, "trickled bodies");
    expect(gateway.peakRssMb()).to.be.below(256);
  });

  it("1,000 clients posting 2 MB to routes that take no body: refused unread (404/405/413), memory bounded", async () => {
    const body = Buffer.alloc(2 * MB, "x");
    const attack = bodiesToOtherRoutes(targetOf(gateway.origin, ATTACKER), 1000, 200, body);
    const genuine = genuineTraffic(gateway.url, 3000);
    const tally = await attack;
    expectServed(await genuine, "bodies to other routes");
    const answered = (tally.answers[404] ?? 0) + (tally.answers[405] ?? 0) + (tally.answers[413] ?? 0);
    expect(answered, JSON.stringify(tally)).to.equal(1000);
    expect(Object.keys(tally.answers).sort()).to.deep.equal(["404", "405", "413"]);
    expect(gateway.peakRssMb()).to.be.below(256);
  });

  it("200 connections pipelining 5,000 GET /health each without reading: paused, memory bounded, /health reachable", async () => {
    const attack = pipelineWithoutReading(targetOf(gateway.origin, ATTACKER), 200, 5000);
    const probes: number[] = [];
    await sleep(300);
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      const started = Date.now();
      const ok = await fetch(`${gateway.origin}/health`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      probes.push(ok ? Date.now() - started : Number.POSITIVE_INFINITY);
      await sleep(50);
    }
    const genuine = await genuineTraffic(gateway.url, 1000);
    await attack.stop();
    expect(
      probes.filter((ms) => ms === Number.POSITIVE_INFINITY),
      "failed /health probes",
    ).to.have.length(0);
    probes.sort((a, b) => a - b);
    expect(probes[Math.floor(probes.length * 0.99)], "p99 of /health probes (ms)").to.be.below(1000);
    expectServed(genuine, "pipelining");
    // The kernel's socket buffers take most answers unread; what cannot be answered yet stays unparsed.
    expect(gateway.peakRssMb(), "peak RSS (MB)").to.be.below(256);
    const health = (await (await fetch(`${gateway.origin}/health`)).json()) as { status: string };
    expect(health.status).to.equal("ok");
  });

  it("10,000 idle connections: newcomers take the place of idle ones, every connection is answered or closed cleanly", async () => {
    const target = targetOf(gateway.origin, ATTACKER);
    const attacks: Attack[] = [];
    for (let i = 0; i < 20; i++) {
      attacks.push(idleConnections(target, 500));
      await sleep(25);
    }
    const probes: boolean[] = [];
    const until = Date.now() + 2500;
    while (Date.now() < until) {
      probes.push(
        await fetch(`${gateway.origin}/health`, { signal: AbortSignal.timeout(2000) }).then(
          (r) => r.ok,
          () => false,
        ),
      );
      await sleep(50);
    }
    const genuine = await genuineTraffic(gateway.url, 1000);
    // The first-byte timeout (5 s, checked each second) closes the rest, the last opened included;
    // a connection the kernel accepted late (SYN retried after a backlog overflow) starts its 5 s then.
    await Promise.all(attacks.map((a) => a.settled(30_000)));
    const tallies = await Promise.all(attacks.map((a) => a.stop()));
    const total = tallies.reduce(
      (sum, t) => ({
        connections: sum.connections + t.connections,
        resets: sum.resets + t.resets,
        cleanCloses: sum.cleanCloses + t.cleanCloses,
        answered: sum.answered + Object.values(t.answers).reduce((a, b) => a + b, 0),
      }),
      { connections: 0, resets: 0, cleanCloses: 0, answered: 0 },
    );
    expect(
      probes.filter((ok) => !ok),
      "failed /health probes",
    ).to.have.length(0);
    expectServed(genuine, "idle connections");
    expect(total.resets, JSON.stringify(total)).to.equal(0);
    expect(total.cleanCloses + total.answered, JSON.stringify(total)).to.equal(10_000);
  });

  it("a signed body nested 5,000 levels gets one final 400 with a reason, every time (no 500)", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const body = `{"action":"messages.create","params":{"thread_id":"${THREAD}","body":"x","extra":${deep}}}`;
    for (let i = 0; i < 3; i++) {
      const answer = await fetch(gateway.url, {
        method: "POST",
        body,
        headers: { "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken) },
      });
      expect(answer.status).to.equal(400);
      expect(await answer.text()).to.contain("deeper than 64 levels");
    }
    expectServed(await genuineTraffic(gateway.url, 1000), "after deep JSON");
  });
});

describe("gateway log with a stalled reader (built file, own process)", function () {
  this.timeout(60_000);

  it("keeps answering when stdout is not read: lines are dropped and counted, refusals rate-limited", async () => {
    const cognigy = await startFakeCognigy();
    const gateway = await startGatewayProcess(
      { cognigyEndpointUrl: cognigy.url, logLevel: "info" },
      {},
      "file",
      "stalled",
    );
    try {
      // 5,000 unauthenticated requests over 10 connections, then genuine ones.
      let answered = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = 0; i < 500; i++) {
            const answer = await fetch(gateway.url, { method: "POST", body: "{}" });
            await answer.arrayBuffer();
            if (answer.status === 401) answered++;
          }
        }),
      );
      expect(answered).to.equal(5000);
      expectServed(await genuineTraffic(gateway.url, 1000), "stalled log");
      // Genuine lines are not rate-limited: enough of them fill the stalled pipe and the buffer behind it.
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 1500; i++) {
            const body = JSON.stringify({ action: "implementation.info", params: { n: `${w}-${i}` } });
            const answer = await fetch(gateway.url, {
              method: "POST",
              body,
              headers: { "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken) },
            });
            await answer.arrayBuffer();
          }
        }),
      );
      const metrics = await (await fetch(`${gateway.origin}/metrics`)).text();
      const rate = Number(/gateway_log_lines_dropped_total\{reason="rate"\} (\d+)/.exec(metrics)?.[1]);
      expect(rate, "refusal lines left out by the rate limit").to.be.greaterThan(4000);
      expect(metrics).to.match(/gateway_requests_total\{kind="other",status="401"\} 5000/);
    } finally {
      await gateway.stop("SIGKILL");
      await cognigy.close();
    }
  });
});
