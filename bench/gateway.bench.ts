/**
 * Gateway figures, the gateway as deployed (the built file, `node gateway.js`, its own process) and
 * the load generator here: signed agent replies per second forwarded to a local fake Cognigy and p99
 * latency at 32 concurrent, beside a bare Node HTTP server (also its own process) under the same load;
 * CPU per reply one request at a time (a quiet deployment);
 * RSS after 100,000 webhook events; peak RSS while 1,000 clients each send a 2 MB unauthenticated
 * body. Loopback only, bounded request counts. Needs the built file: `npm run build:gateway`.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { threadIdFor } from "../src/conversation/threadId";
import { signBody } from "../src/engage/signature";
import { htmlToText } from "../src/gateway/html";
import { SECRETS, validConnection } from "../test/support/fixtures";
import { startGatewayProcess } from "../test/support/gatewayProcess";
import { postBody } from "../test/support/rawHttp";
import { condition, goal, printAlone, type Section } from "./goals";

const REQUESTS = Number(process.env.BENCH_GATEWAY_REQUESTS || 6000);
const WARM_UP = 10_000;
/** Alternating rounds run and dropped before measuring: the first ones are slower for every server. */
const WARM_UP_ROUNDS = 2;
const ROUNDS = 7;
const CONCURRENCY = 32;
const EVENTS = 100_000;
const EVENTS_PER_BATCH = 100;
const FLOOD_CLIENTS = 1000;
const ONE_AT_A_TIME = 3000;

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers with a 2xx status (every one, unless `tolerateRefusals`: then a refusal is a figure). */
  ok: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

export async function load(
  url: string,
  bodies: string[],
  headers: (body: string) => Record<string, string>,
  { concurrency = CONCURRENCY, tolerateRefusals = false } = {},
): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let ok = 0;
  let next = 0;
  const send = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const done = (status: number) => {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (status >= 200 && status < 300) ok++;
        else if (!tolerateRefusals) return reject(new Error(`status ${status}`));
        resolve();
      };
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: "POST",
          agent,
          timeout: 10_000,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            ...headers(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => done(res.statusCode ?? 0));
        },
      );
      req.on("timeout", () => req.destroy());
      req.on("error", (error) => (tolerateRefusals ? done(0) : reject(error)));
      req.end(body);
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
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
    ok,
  };
}

/** A bare Node HTTP server in its own process: reads the body and answers, nothing else. */
const BARE_SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = '{"id":"bare"}';
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

/**
 * A forwarder that reads the body, posts it to Cognigy's endpoint on a keep-alive connection
 * (node:http on both sides) and answers once Cognigy has, and does nothing else (no signature, no
 * validation, no dedupe, no log, no metrics): what two HTTP exchanges alone cost in plain Node.
 */
const BARE_FORWARDER = `
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const cognigy = new URL(process.argv[1]);
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const headers = { "content-type": "application/json", "content-length": body.length };
    const out = http.request({ host: cognigy.hostname, port: cognigy.port, path: "/notify/bench", method: "POST", agent, headers }, (answer) => {
      answer.resume();
      answer.on("end", () => {
        const reply = '{"id":"bare"}';
        res.writeHead(200, { "content-type": "application/json", "content-length": reply.length }).end(reply);
      });
    });
    out.end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

export async function bareServer(
  forwardTo?: string,
): Promise<{ origin: string; url: string; pid: number; close(): void }> {
  const args = forwardTo ? ["-e", BARE_FORWARDER, forwardTo] : ["-e", BARE_SERVER];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    child.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  const origin = `http://127.0.0.1:${port}`;
  return { origin, url: `${origin}/handover/rce`, pid: child.pid ?? 0, close: () => child.kill("SIGTERM") };
}

/** The slowest of the hostile 100,000-character bodies the HTML conversion must survive (best of 3 each). */
function slowestHostileHtmlMs(): number {
  const n = 100_000;
  const bodies = [
    "<".repeat(n),
    " ".repeat(n),
    "<a ".repeat(n / 3),
    "<p>".repeat(n / 3),
    "&".repeat(n),
    "<!--".repeat(n / 4),
    `<a href='${"x".repeat(n - 10)}`,
    `${"<a href='https://x'>a".repeat(n / 22)}${"</a>".repeat(n / 22)}`,
  ];
  htmlToText(bodies[0].slice(0, 10_000));
  return Math.max(
    ...bodies.map((body) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        htmlToText(body);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    }),
  );
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

const BENCH_THREAD = threadIdFor({ URLToken: "bench", userId: "u", sessionId: "s" });

/** `count` agent replies as RCE sends them (messages.create), each with its own content id. */
export function agentReplies(tag: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      action: "messages.create",
      params: {
        thread_id: BENCH_THREAD,
        body: `reply ${i}`,
        format: "text",
        content_id: `${tag}-${i}`,
        retry: false,
      },
      time: new Date().toISOString(),
    }),
  );
}

/** The X-SMCCSDK-SIGNATURE header RCE puts on a body. */
export function signature(body: string): Record<string, string> {
  return { "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken) };
}

/** CPU time (user + system, all threads) a process has used so far, in ms, from /proc. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

function rounds(results: LoadResult[]): string {
  return results.map((r) => `${r.perSecond.toFixed(0)}/s p99 ${r.p99.toFixed(1)}`).join(", ");
}

export function median<T>(values: T[], by: (value: T) => number): T {
  return [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)];
}

export async function main(): Promise<Section> {
  // Cognigy's endpoint is a bare server in a process of its own too: sharing the load generator's
  // process, it would make the generator the bottleneck (the gateway then idles half of the time).
  const cognigy = await bareServer();
  // As deployed: the built file in its own process, default log level (one JSON line per request)
  // written to a file, as a log collector would take it; the generator does not read it.
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gateway-bench-")), "gateway.log");
  const gateway = await startGatewayProcess(
    {
      ...validConnection({
        baseApiUrl: "http://127.0.0.1:9",
        realtimeEndpointUrl: "http://127.0.0.1:9/realtime/sdk/src1",
      }),
      cognigyEndpointUrl: cognigy.origin,
      logLevel: process.env.BENCH_GATEWAY_LOG_LEVEL || "info",
    },
    {},
    "file",
    logFile,
  );
  const bare = await bareServer();
  const forwarder = await bareServer(cognigy.origin);
  const replies = agentReplies;

  // Both servers warmed up (V8 optimises after some thousand calls), then measured in alternating
  // rounds so that both meet the same machine; the median round of each is reported.
  await load(gateway.url, replies("warm", WARM_UP), signature);
  await load(bare.url, replies("warm", WARM_UP), signature);
  await load(forwarder.url, replies("warm", WARM_UP), signature);
  const viaGatewayRounds: (LoadResult & { cpuUsPerRequest: number })[] = [];
  const viaBareRounds: LoadResult[] = [];
  const viaForwarderRounds: (LoadResult & { cpuUsPerRequest: number })[] = [];
  for (let round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
    if (round === 0) {
      viaGatewayRounds.length = 0;
      viaBareRounds.length = 0;
      viaForwarderRounds.length = 0;
    }
    const before = cpuMs(gateway.child.pid ?? 0);
    const result = await load(gateway.url, replies(`r${round}`, REQUESTS), signature);
    const cpuUsPerRequest = ((cpuMs(gateway.child.pid ?? 0) - before) * 1000) / REQUESTS;
    viaGatewayRounds.push({ ...result, cpuUsPerRequest });
    viaBareRounds.push(await load(bare.url, replies(`r${round}`, REQUESTS), signature));
    const forwarderBefore = cpuMs(forwarder.pid);
    const viaForwarderRound = await load(forwarder.url, replies(`r${round}`, REQUESTS), signature);
    viaForwarderRounds.push({
      ...viaForwarderRound,
      cpuUsPerRequest: ((cpuMs(forwarder.pid) - forwarderBefore) * 1000) / REQUESTS,
    });
  }
  // A quiet deployment: one request at a time, where per-request costs are not shared by a batch.
  const oneAtATime = async (pid: number, url: string) => {
    const before = cpuMs(pid);
    await load(url, replies("one", ONE_AT_A_TIME), signature, { concurrency: 1 });
    return ((cpuMs(pid) - before) * 1000) / ONE_AT_A_TIME;
  };
  const gatewayAlone = await oneAtATime(gateway.child.pid ?? 0, gateway.url);
  const forwarderAlone = await oneAtATime(forwarder.pid, forwarder.url);
  bare.close();
  forwarder.close();
  const viaGateway = median(viaGatewayRounds, (r) => r.perSecond);
  const viaBare = median(viaBareRounds, (r) => r.perSecond);
  const viaForwarder = median(viaForwarderRounds, (r) => r.perSecond);
  const logLines = fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line.includes('"request"')).length;

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
  const rssBeforeEvents = gateway.rssMb();
  await load(gateway.url, batches, () => secret);
  const rssAfterEvents = gateway.rssMb();

  // 1,000 clients at once, each sending a 2 MB body without a signature or secret.
  const peakBefore = gateway.peakRssMb();
  const big = Buffer.alloc(2 * 1024 * 1024, "x");
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: FLOOD_CLIENTS }, () => postBody(gateway.url, big)));
  const floodSeconds = (Date.now() - started) / 1000;
  const refused = answers.filter((a) => a.status === 401).length;
  const peakAfter = gateway.peakRssMb();
  const alive = gateway.alive();
  await gateway.stop();
  cognigy.close();
  fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  const htmlMs = slowestHostileHtmlMs();
  const throughputRatio = viaGateway.perSecond / viaBare.perSecond;

  return {
    title: `gateway (built file in its own process; ${ROUNDS} alternating rounds of ${REQUESTS} signed agent replies after ${WARM_UP} and ${WARM_UP_ROUNDS} rounds to warm up, ${CONCURRENCY} concurrent, loopback; median round)`,
    rows: [
      {
        name: "HTML to text, hostile 100,000-character body",
        value: `${htmlMs.toFixed(1)} ms`,
        note: "slowest of 8 patterns (best of 3 each)",
        goals: [goal(htmlMs, "<", 50, { unit: " ms", digits: 1 })],
      },
      {
        name: "gateway: agent replies forwarded per second",
        value: viaGateway.perSecond.toFixed(0),
        note: `p50 ${viaGateway.p50.toFixed(2)} ms; rounds ${rounds(viaGatewayRounds)}`,
        goals: [goal(viaGateway.p99, "≤", 10, { label: "p99", unit: " ms", digits: 2 })],
      },
      {
        name: "bare Node HTTP server (own process), same requests",
        value: viaBare.perSecond.toFixed(0),
        note: `p50 ${viaBare.p50.toFixed(2)} ms, p99 ${viaBare.p99.toFixed(2)} ms; rounds ${rounds(viaBareRounds)}`,
      },
      {
        name: "gateway / bare throughput",
        value: `${throughputRatio.toFixed(2)}×`,
        note: "each gateway request verifies, signs, logs and makes a Cognigy call",
        goals: [goal(throughputRatio, "≥", 0.4, { unit: "×", digits: 2 })],
      },
      {
        name: "bare Node forwarder (node:http) to the same Cognigy",
        value: `${(viaForwarder.perSecond / viaBare.perSecond).toFixed(2)}×`,
        note: `${viaForwarder.perSecond.toFixed(0)}/s, p99 ${viaForwarder.p99.toFixed(2)} ms; two HTTP exchanges and nothing else (no checks, log, metrics; node:http client, the gateway's is undici)`,
      },
      {
        name: "gateway CPU per agent reply",
        value: `${viaGateway.cpuUsPerRequest.toFixed(0)} µs`,
        note: `user + system, all threads, from /proc (the bare forwarder: ${viaForwarder.cpuUsPerRequest.toFixed(0)} µs); ${logLines} request log lines written for ${WARM_UP + (WARM_UP_ROUNDS + ROUNDS) * REQUESTS + ONE_AT_A_TIME} requests`,
      },
      {
        name: "gateway CPU per agent reply, one at a time",
        value: `${gatewayAlone.toFixed(0)} µs`,
        note: `${ONE_AT_A_TIME} replies, 1 concurrent (the bare forwarder: ${forwarderAlone.toFixed(0)} µs)`,
      },
      {
        name: "RSS after 100,000 webhook events",
        value: `${rssAfterEvents.toFixed(0)} MB`,
        note: `${rssBeforeEvents.toFixed(0)} MB before; dedupe bound 50,000 per kind`,
      },
      {
        name: `peak RSS, ${FLOOD_CLIENTS} clients × 2 MB unauthenticated`,
        value: `${peakAfter.toFixed(0)} MB`,
        note: `peak before ${peakBefore.toFixed(0)} MB; ${refused}/${FLOOD_CLIENTS} answered 401 in ${floodSeconds.toFixed(1)} s`,
        goals: [
          goal(peakAfter, "≤", 256, { unit: " MB" }),
          condition("process alive", alive, alive ? "yes" : "DEAD"),
        ],
      },
    ],
  };
}

if (require.main === module) main().then((section) => printAlone(section));
