/**
 * The gateway with its memory in Redis against the in-memory store, in the same run: signed agent
 * replies per second through the built file (its own process, a bare Cognigy in another), first with
 * the memory store, then with a local redis-server; and Redis' memory per 100,000 remembered entries
 * of each kind (INFO memory, used_memory before and after). Needs redis-server on PATH.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { silentLogger } from "../src/gateway/log";
import { RedisStore } from "../src/gateway/redisStore";
import { validConnection } from "../test/support/fixtures";
import { startGatewayProcess } from "../test/support/gatewayProcess";
import { startRedisServer } from "../test/support/redisServer";
import { agentReplies, bareServer, type LoadResult, load, median, signature } from "./gateway.bench";
import { goal, printAlone, type Row, type Section } from "./goals";

const REQUESTS = Number(process.env.BENCH_GATEWAY_REQUESTS || 6000);
const ENTRIES = 100_000;
/** 2 alternating rounds to warm up each gateway, then 7 measured. */
const WARM_UP_ROUNDS = 2;
const ROUNDS = 7;

async function usedMemory(command: (args: string[]) => Promise<string>): Promise<number> {
  const info = await command(["INFO", "memory"]);
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

async function pool(count: number, concurrency: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

export async function main(): Promise<Section> {
  const redis = await startRedisServer();
  const cognigy = await bareServer();
  const bodies = (tag: string) => agentReplies(tag, REQUESTS);
  // Both gateways run side by side, warmed up, then take turns (as in gateway.bench.ts); their logs
  // go to files, as to a log collector.
  const logs = fs.mkdtempSync(path.join(os.tmpdir(), "redis-bench-"));
  const start = (redisUrl: string | undefined, name: string) =>
    startGatewayProcess(
      {
        ...validConnection({ baseApiUrl: "http://127.0.0.1:9" }),
        cognigyEndpointUrl: cognigy.origin,
        logLevel: process.env.BENCH_GATEWAY_LOG_LEVEL || "info",
        ...(redisUrl ? { redisUrl } : {}),
      },
      {},
      "file",
      path.join(logs, `${name}.log`),
    );
  const inMemory = await start(undefined, "memory");
  const onRedis = await start(redis.url, "redis");
  const memoryRounds: LoadResult[] = [];
  const redisRounds: LoadResult[] = [];
  try {
    for (let i = 0; i < WARM_UP_ROUNDS; i++) {
      await load(inMemory.url, bodies(`warm${i}`), signature);
      await load(onRedis.url, bodies(`warm${i}`), signature);
    }
    for (let round = 0; round < ROUNDS; round++) {
      memoryRounds.push(await load(inMemory.url, bodies(`r${round}`), signature));
      redisRounds.push(await load(onRedis.url, bodies(`r${round}`), signature));
    }
  } finally {
    await inMemory.stop();
    await onRedis.stop();
    fs.rmSync(logs, { recursive: true, force: true });
  }
  const memory = median(memoryRounds, (r) => r.perSecond);
  const withRedis = median(redisRounds, (r) => r.perSecond);
  cognigy.close();

  // Memory per entry, each kind on an empty Redis, written through the store as the gateway does.
  await redis.command(["FLUSHALL"]);
  const store = new RedisStore({ url: redis.url, claimTtlMs: 60_000, log: silentLogger });
  await store.connected(3000);
  const perKind: [string, string, (i: number) => Promise<unknown>][] = [
    [
      "agent replies (content id)",
      "reply:{content:<24 hex>}:done",
      (i) =>
        store.replies.once(
          `content:${(0x5f00000000 + i).toString(16).padStart(24, "0")}`,
          async () => "delivered",
        ),
    ],
    [
      "webhook events (event id)",
      "event:{<24 hex>}:done",
      (i) => store.events.once((0x6a00000000 + i).toString(16).padStart(24, "0"), async () => "delivered"),
    ],
    [
      "thread cache",
      "thread:{<24 hex>}",
      (i) =>
        store.threads.set(
          (0x7b00000000 + i).toString(16).padStart(24, "0"),
          `cgy1.${"a".repeat(32)}.user-${i}.session-${i}`,
        ),
    ],
    [
      "ambiguous-send ledger",
      "sent:{content:<24 hex>}:notify",
      (i) => store.sends.begin({ route: "notify", message: `content:${i.toString(16).padStart(24, "0")}` }),
    ],
  ];
  const ratio = withRedis.perSecond / memory.perSecond;
  const rows: Row[] = [
    {
      name: "gateway, in-memory store: replies per second",
      value: memory.perSecond.toFixed(0),
      note: `p50 ${memory.p50.toFixed(2)} ms, p99 ${memory.p99.toFixed(2)} ms`,
    },
    {
      name: "gateway, Redis store (local redis-server)",
      value: withRedis.perSecond.toFixed(0),
      note: `p50 ${withRedis.p50.toFixed(2)} ms, p99 ${withRedis.p99.toFixed(2)} ms`,
    },
    {
      name: "Redis / in-memory throughput",
      value: `${ratio.toFixed(2)}×`,
      note: "with Redis each new reply is 2 commands (claim with its send count, finish)",
      goals: [goal(ratio, "≥", 0.7, { unit: "×", digits: 2 })],
    },
  ];
  for (const [name, key, write] of perKind) {
    const before = await usedMemory(redis.command);
    await pool(ENTRIES, 100, write);
    const after = await usedMemory(redis.command);
    rows.push({
      name: `Redis memory, ${ENTRIES.toLocaleString("en")} ${name}`,
      value: `${((after - before) / 1024 / 1024).toFixed(1)} MB`,
      note: `${Math.round((after - before) / ENTRIES)} bytes per entry; key rce-gw:${key}, 24 h TTL`,
    });
  }
  await store.close();
  await redis.stop();
  return {
    title: `gateway with Redis (built files in their own processes, side by side; ${ROUNDS} alternating rounds of ${REQUESTS} signed agent replies after ${WARM_UP_ROUNDS * REQUESTS} to warm up, 32 concurrent, loopback; median round)`,
    rows,
  };
}

if (require.main === module) main().then((section) => printAlone(section));
