/**
 * Gateway figures: signed agent replies per second forwarded to a local fake Cognigy endpoint and
 * p99 latency, beside a bare Node HTTP server answering the same requests; memory after 100,000
 * webhook events. Loopback only, bounded request counts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { signBody } from "../src/engage/signature";
import { parseGatewayConfig } from "../src/gateway/config";
import { silentLogger } from "../src/gateway/log";
import { startGateway } from "../src/gateway/server";
import { threadIdFor } from "../src/routing/conversationThread";
import { startFakeCognigy } from "../test/support/fakeCognigy";
import { SECRETS, validConnection } from "../test/support/fixtures";

const REQUESTS = Number(process.env.BENCH_GATEWAY_REQUESTS || 6000);
const CONCURRENCY = 32;
const EVENTS = 100_000;
const EVENTS_PER_BATCH = 100;

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function load(
  url: string,
  bodies: string[],
  headers: (body: string) => Record<string, string>,
): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let next = 0;
  const send = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            ...headers(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            resolve();
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) await send(bodies[next++]);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: bodies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = '{"id":"bare"}';
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/handover/rce`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function main(): Promise<{ title: string; rows: [string, string, string][] }> {
  const cognigy = await startFakeCognigy();
  const config = parseGatewayConfig({
    ...validConnection({
      baseApiUrl: "http://127.0.0.1:9",
      realtimeEndpointUrl: "http://127.0.0.1:9/realtime/sdk/src1",
    }),
    verifyToken: "bench-verify",
    cognigyEndpointUrl: cognigy.url,
    host: "127.0.0.1",
    port: 0,
  });
  const gateway = await startGateway(config, { log: silentLogger });
  const thread = threadIdFor({ URLToken: "bench", userId: "u", sessionId: "s" });
  const bodies = Array.from({ length: REQUESTS }, (_, i) =>
    JSON.stringify({
      action: "messages.create",
      params: { thread_id: thread, body: `reply ${i}`, format: "text", content_id: `c-${i}`, retry: false },
    }),
  );
  const signature = (body: string) => ({
    "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken),
  });

  await load(
    gateway.url,
    bodies.slice(0, 500).map((b) => b.replace('"c-', '"warm-')),
    signature,
  ); // warm-up
  const viaGateway = await load(gateway.url, bodies, signature);
  const bare = await bareServer();
  await load(bare.url, bodies.slice(0, 500), signature);
  const viaBare = await load(bare.url, bodies, signature);
  await bare.close();

  // 100,000 webhook events in batches; every event id is new, so each one passes through the dedupe.
  const secret = { "x-dimelo-secret": SECRETS.webhookSecret };
  const batches = Array.from({ length: EVENTS / EVENTS_PER_BATCH }, (_, b) =>
    JSON.stringify({
      id: `p-${b}`,
      events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
        type: "content.imported",
        id: `e-${b}-${i}`,
        resource: { type: "chat/message", id: `m-${b}-${i}` },
      })),
    }),
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  await load(gateway.url, batches, () => secret);
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const entries = gateway.memoryEntries();
  await gateway.close(100);
  await cognigy.close();

  return {
    title: `gateway (${REQUESTS} signed agent replies, ${CONCURRENCY} concurrent, loopback)`,
    rows: [
      [
        "gateway: agent replies forwarded per second",
        viaGateway.perSecond.toFixed(0),
        `p50 ${viaGateway.p50.toFixed(2)} ms, p99 ${viaGateway.p99.toFixed(2)} ms`,
      ],
      [
        "bare Node HTTP server, same requests",
        viaBare.perSecond.toFixed(0),
        `p50 ${viaBare.p50.toFixed(2)} ms, p99 ${viaBare.p99.toFixed(2)} ms`,
      ],
      [
        "gateway / bare throughput",
        `${(viaGateway.perSecond / viaBare.perSecond).toFixed(2)}×`,
        `p99 ratio ${(viaGateway.p99 / viaBare.p99).toFixed(2)}×; each gateway request verifies, signs and makes a Cognigy call`,
      ],
      [
        "memory after 100,000 webhook events",
        `${((heapAfter - heapBefore) / 1048576).toFixed(1)} MB`,
        `heap growth${gc ? "" : " (no --expose-gc: noisy)"}; ${entries} dedupe entries kept (bound 50,000 per kind)`,
      ],
    ],
  };
}

if (require.main === module) {
  main().then(({ title, rows }) => {
    console.log(title);
    for (const [name, value, note] of rows)
      console.log(`  ${name.padEnd(50)} ${value.padStart(12)}  ${note}`);
  });
}
