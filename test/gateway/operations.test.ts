/**
 * Limits (header, body and idle timeouts, connection cap, bodies-in-flight budget) and operations
 * (/health, /ready, /metrics, one JSON log line per request with its id, nothing secret) over loopback.
 */
import net from "node:net";
import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { createRedactor } from "../../src/engage/redact";
import { signBody } from "../../src/engage/signature";
import { parseGatewayConfig } from "../../src/gateway/config";
import { jsonLogger } from "../../src/gateway/log";
import { type Gateway, type GatewayLimits, startGateway } from "../../src/gateway/server";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS, validConnection } from "../support/fixtures";
import { rawRequest } from "../support/rawHttp";

const VERIFY = "verify-token-operations";
/** A signature of the right form (128 hex digits) that matches no body: passes the edge, fails the HMAC. */
const FORM_SIGNATURE = "ab".repeat(64);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("gateway: limits and operations", function () {
  this.timeout(20_000);
  let cognigy: FakeCognigy;
  let gateway: Gateway;
  let lines: string[];
  const sockets: net.Socket[] = [];

  async function start(limits: Partial<GatewayLimits> = {}, cognigyUrl?: string) {
    lines = [];
    const config = parseGatewayConfig({
      ...validConnection(),
      verifyToken: VERIFY,
      cognigyEndpointUrl: cognigyUrl ?? cognigy.url,
      host: "127.0.0.1",
      port: 0,
      logLevel: "debug",
    });
    const redact = createRedactor([...Object.values(SECRETS), VERIFY]);
    gateway = await startGateway(config, {
      limits,
      log: jsonLogger(redact, "debug", (line) => lines.push(line)),
      delivery: { attempts: 2, timeoutMs: 2000, backoffMs: 10 },
    });
  }
  const open = (): Promise<net.Socket> =>
    new Promise((resolve) => {
      const { port } = new URL(gateway.origin);
      const socket = net.connect(Number(port), "127.0.0.1", () => resolve(socket));
      socket.on("error", () => undefined);
      sockets.push(socket);
    });

  beforeEach(async () => {
    cognigy = await startFakeCognigy();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await gateway.close(100);
    await cognigy.close();
  });

  it("answers 408 to a client that never finishes its headers (slowloris)", async () => {
    await start({ headersTimeoutMs: 300 });
    const answer = await rawRequest(gateway.origin, "POST /handover/rce HTTP/1.1\r\nHost: x\r\nX-A: ", 3000);
    expect(answer.status).to.equal(408);
  });

  it("answers 408 to a signed request whose body does not arrive by its deadline (grace + size at the minimum rate)", async () => {
    await start({ bodyGraceMs: 300, minBodyBytesPerSecond: 1_000_000 });
    const started = Date.now();
    const answer = await rawRequest(
      gateway.origin,
      `POST /handover/rce HTTP/1.1\r\nHost: x\r\nX-SMCCSDK-SIGNATURE: ${FORM_SIGNATURE}\r\nContent-Length: 100\r\n\r\n{`,
      3000,
    );
    expect(answer.status).to.equal(408);
    expect(Date.now() - started, "cut at the body deadline, not the 30 s request timeout").to.be.below(1500);
  });

  it("at the connection cap, an idle connection makes room; with every connection busy the newcomer gets 503, not a reset", async () => {
    await start({ maxConnections: 3 });
    for (let i = 0; i < 3; i++) await open();
    await sleep(50);
    expect((await fetch(`${gateway.origin}/health`)).status, "an idle connection was closed for it").to.equal(
      200,
    );
    for (const socket of sockets.splice(0)) socket.destroy();
    await sleep(50);
    // Busy: a request each whose body is still arriving.
    for (let i = 0; i < 3; i++)
      (await open()).write(
        `POST /handover/rce HTTP/1.1\r\nHost: x\r\nX-SMCCSDK-SIGNATURE: ${FORM_SIGNATURE}\r\nContent-Length: 100\r\n\r\n{`,
      );
    await sleep(100);
    const answer = await rawRequest(gateway.origin, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(answer.status).to.equal(503);
    expect(answer.text.toLowerCase()).to.contain("connection: close");
    for (const socket of sockets.splice(0)) socket.destroy();
    await sleep(50);
    expect((await fetch(`${gateway.origin}/health`)).status).to.equal(200);
  });

  it("charges the budget by bytes received, per client: declared sizes cost nothing, one address cannot take the whole budget", async () => {
    await start({ maxBodyBytes: 2_000_000, maxBodyBytesInFlight: 3_000_000, clientBudgetShare: 0.5 });
    const head = (length: number) =>
      `POST /handover/rce HTTP/1.1\r\nHost: x\r\nX-SMCCSDK-SIGNATURE: ${FORM_SIGNATURE}\r\nContent-Length: ${length}\r\n\r\n`;
    // Ten declared 2 MB bodies that never come take nothing.
    for (let i = 0; i < 10; i++) (await open()).write(head(2_000_000));
    await sleep(50);
    const small = JSON.stringify({ action: "implementation.info" });
    const signed = { "x-smccsdk-signature": signBody(small, SECRETS.realtimeAccessToken) };
    expect((await fetch(gateway.url, { method: "POST", body: small, headers: signed })).status).to.equal(200);
    // One client sending for real: past its share (1.5 MB of 3 MB), 503 with Retry-After.
    const answer = await rawRequest(
      gateway.origin,
      Buffer.concat([Buffer.from(head(1_900_000)), Buffer.alloc(1_600_000, 0x20)]),
    );
    expect(answer.status).to.equal(503);
    expect(answer.text.toLowerCase()).to.contain("retry-after: 1");
    for (const socket of sockets.splice(0)) socket.destroy();
    await sleep(50);
    expect(
      (await fetch(gateway.url, { method: "POST", body: small, headers: signed })).status,
      "given back",
    ).to.equal(200);
  });

  it("/health is alive; /ready is 200 while Cognigy answers, 503 when it cannot be reached or while draining", async () => {
    await start();
    expect((await fetch(`${gateway.origin}/health`)).status).to.equal(200);
    const ready = await fetch(`${gateway.origin}/ready`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.include({ ready: true, draining: false, cognigyReachable: true });
    await gateway.close(100);

    const down = await startFakeCognigy();
    const downUrl = down.url;
    await down.close();
    await start({}, downUrl);
    const notReady = await fetch(`${gateway.origin}/ready`);
    expect(notReady.status).to.equal(503);
    expect(await notReady.json()).to.include({ ready: false, cognigyReachable: false });
    await gateway.close(100);

    await start();
    const closing = gateway.close(1000, 300);
    const draining = await fetch(`${gateway.origin}/ready`);
    expect(draining.status).to.equal(503);
    expect(await draining.json()).to.include({ draining: true });
    await closing;
  });

  it("/metrics: requests by kind and status, deliveries by outcome, latency histograms, dedupe sizes", async () => {
    await start();
    const body = JSON.stringify({
      action: "messages.create",
      params: {
        thread_id: threadIdFor({ URLToken: "abc", userId: "u", sessionId: "s" }),
        body: "hi",
        content_id: "m1",
      },
      time: new Date().toISOString(),
    });
    await fetch(gateway.url, {
      method: "POST",
      body,
      headers: { "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken) },
    });
    await fetch(gateway.url, { method: "POST", body });
    const metrics = await (await fetch(`${gateway.origin}/metrics`)).text();
    expect(metrics).to.contain('gateway_requests_total{kind="sdk",status="200"} 1');
    expect(metrics).to.contain('gateway_requests_total{kind="other",status="401"} 1');
    expect(metrics).to.contain('gateway_cognigy_deliveries_total{route="notify",outcome="delivered"} 1');
    expect(metrics).to.contain('gateway_request_duration_seconds_bucket{le="0.005",kind="sdk"}');
    expect(metrics).to.contain('gateway_cognigy_delivery_duration_seconds_count{route="notify"} 1');
    expect(metrics).to.contain('gateway_dedupe_entries{kind="replies"} 1');
    expect(metrics).to.contain("gateway_process_resident_memory_bytes");
  });

  it("logs one JSON line per request with its id (echoed as X-Request-Id), no secret and no signature", async () => {
    await start();
    const body = JSON.stringify({ action: "implementation.info" });
    const signature = signBody(body, SECRETS.realtimeAccessToken);
    const answer = await fetch(`${gateway.url}?signature=${signature}`, {
      method: "POST",
      body,
      headers: { "x-request-id": "req-42" },
    });
    expect(answer.headers.get("x-request-id")).to.equal("req-42");
    await fetch(gateway.url, { method: "POST", body, headers: { "x-dimelo-secret": SECRETS.webhookSecret } });
    await fetch(`${gateway.url}?hub.mode=subscribe&hub.challenge=c&hub.verify_token=${VERIFY}`);
    const requests = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === "request");
    expect(requests).to.have.length(3);
    expect(requests[0]).to.include({
      reqId: "req-42",
      method: "POST",
      path: "/handover/rce",
      status: 200,
      level: "info",
    });
    expect(requests[1].reqId).to.match(/^[0-9a-f-]{36}$/);
    const all = lines.join("\n");
    for (const secret of [...Object.values(SECRETS), VERIFY, signature]) expect(all).to.not.contain(secret);
  });

  it("every refusal carries a reason and never a secret", async () => {
    await start();
    const answers = [
      await fetch(gateway.url, { method: "POST", body: "{}" }),
      await fetch(gateway.url, { method: "PUT", body: "{}" }),
      await fetch(`${gateway.origin}/nope`),
      await fetch(gateway.url, {
        method: "POST",
        body: "{}",
        headers: { "x-dimelo-secret": "wrong-secret-value" },
      }),
      await fetch(gateway.url, { method: "POST", body: "{}", headers: { "x-smccsdk-signature": "00" } }),
    ];
    expect(answers.map((a) => a.status)).to.deep.equal([401, 405, 404, 403, 403]);
    for (const answer of answers) {
      const text = await answer.text();
      expect(text.length).to.be.greaterThan(10);
      for (const secret of [...Object.values(SECRETS), VERIFY]) expect(text).to.not.contain(secret);
    }
  });
});
