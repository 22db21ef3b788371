/**
 * The gateway's memory in Redis or Valkey (ioredis: standalone, Sentinel or Cluster), shared by every
 * instance and kept across restarts. Key names (redisKeys.ts; prefix `rce-gw:` by default):
 *
 *   <prefix>reply:{<reply key>}:done    "delivered", 24 h        an agent reply reached Cognigy
 *   <prefix>reply:{<reply key>}:claim   instance token, claimTtl an instance is delivering it now
 *   <prefix>event:{<event id>}:done     "delivered"|"ignored", 24 h
 *   <prefix>event:{<event id>}:claim    instance token, claimTtl
 *   <prefix>sent:{<key>}:<route>        count, 24 h              sends that may have arrived
 *   <prefix>thread:{<RCE thread id>}    our thread id, 24 h      thread cache
 *
 * Every key expires: memory is bounded by the traffic of 24 hours (README: ~100 bytes per entry).
 * This class connects and puts the parts together: the once-memories (redisOnceMemory.ts), the send
 * ledger and the thread cache below, the scripts (redisScripts.ts).
 *
 * Redis unreachable: no command waits (no offline queue, a command timeout), the caller answers so
 * RCE retries, `reachable()` is false, and ioredis reconnects on its own (no restart needed).
 */
import IORedis, { Cluster, type RedisOptions } from "ioredis";
import type { GatewayLogger } from "./log";
import { RedisCommands } from "./redisCommands";
import { RedisKeys } from "./redisKeys";
import { RedisOnceMemory } from "./redisOnceMemory";
import { defineScripts, type RedisClient } from "./redisScripts";
import { DEFAULT_KEY_PREFIX, parseRedisUrl, type RedisTarget } from "./redisUrl";
import { type GatewayStore, REMEMBER_MS, type SendKey, type SendLedger, type ThreadCache } from "./store";

export interface RedisStoreOptions {
  url: string;
  keyPrefix?: string;
  /** A claim's lifetime (redisOnceMemory.ts): longer than one whole delivery may take. */
  claimTtlMs: number;
  /** How long an instance waits for another's claim to produce a result before "retry later". */
  claimWaitMs?: number;
  rememberMs?: number;
  /** Per command; past it the command fails (Redis hung) instead of holding the request. */
  commandTimeoutMs?: number;
  log: GatewayLogger;
  observe?: RedisStoreObserver;
}

export interface RedisStoreObserver {
  /** A command failed (Redis down, slow or refusing). */
  failure(operation: string): void;
  /** A key was claimed by another instance past the wait: answered "retry later". */
  busy(kind: string): void;
}

/** The ambiguous-send ledger in Redis: one count per message and route, shared by every instance. */
class RedisSendLedger implements SendLedger {
  constructor(
    private readonly redis: RedisCommands,
    private readonly keys: RedisKeys,
    private readonly rememberMs: number,
  ) {}

  async begin(key: SendKey): Promise<number> {
    return Number(
      await this.redis.script("rceGwBeginSend", [this.keys.sent(key)], [String(this.rememberMs)]),
    );
  }

  async undo(key: SendKey): Promise<void> {
    await this.redis.script("rceGwUndoSend", [this.keys.sent(key)], []);
  }

  async forget(key: SendKey): Promise<void> {
    const sent = this.keys.sent(key);
    await this.redis.command("del", (c) => c.del(sent));
  }
}

/** The thread cache in Redis. A cache: while Redis is away the thread is looked up in RCE again. */
class RedisThreadCache implements ThreadCache {
  constructor(
    private readonly redis: RedisCommands,
    private readonly keys: RedisKeys,
    private readonly rememberMs: number,
  ) {}

  async get(rceThreadId: string): Promise<string | undefined> {
    const key = this.keys.thread(rceThreadId);
    return (await this.redis.command("get", (c) => c.get(key)).catch(() => null)) ?? undefined;
  }

  async set(rceThreadId: string, foreignId: string): Promise<void> {
    const key = this.keys.thread(rceThreadId);
    await this.redis
      .command("set", (c) => c.set(key, foreignId, "PX", this.rememberMs))
      .catch(() => undefined);
  }
}

function createClient(target: RedisTarget, commandTimeout: number): RedisClient {
  // No offline queue: while Redis is away a command fails at once and RCE is asked to retry, instead
  // of requests piling up in memory. ioredis keeps reconnecting (never gives up), so the gateway
  // recovers without a restart.
  const common: RedisOptions = {
    enableOfflineQueue: false,
    // Commands issued in the same tick by concurrent requests go out in one write.
    enableAutoPipelining: true,
    commandTimeout,
    connectTimeout: 3000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
  };
  if (target.mode === "standalone") return new IORedis(target.url, common);
  const auth = {
    username: target.username,
    password: target.password,
    ...(target.tls ? { tls: {} } : {}),
  };
  if (target.mode === "sentinel")
    return new IORedis({
      ...common,
      ...auth,
      sentinels: target.nodes,
      name: target.name,
      db: target.db,
      sentinelRetryStrategy: (times: number) => Math.min(100 * times, 2000),
    });
  return new Cluster(target.nodes, {
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    clusterRetryStrategy: (times: number) => Math.min(100 * times, 2000),
    redisOptions: { ...common, ...auth },
  });
}

export class RedisStore implements GatewayStore {
  readonly kind = "redis";
  readonly replies: RedisOnceMemory;
  readonly events: RedisOnceMemory;
  readonly sends: SendLedger;
  readonly threads: ThreadCache;
  private readonly client: RedisClient;
  private up = false;
  private closed = false;

  constructor(private readonly options: RedisStoreOptions) {
    const rememberMs = options.rememberMs ?? REMEMBER_MS;
    const keys = new RedisKeys(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
    this.client = createClient(parseRedisUrl(options.url), options.commandTimeoutMs ?? 2000);
    defineScripts(this.client);
    const redis = new RedisCommands(this.client, (operation) => options.observe?.failure(operation));
    const claim = { ttlMs: options.claimTtlMs, waitMs: options.claimWaitMs ?? 5000 };
    const onceMemory = (kind: "reply" | "event") =>
      new RedisOnceMemory(
        kind,
        redis,
        keys,
        claim,
        rememberMs,
        () => options.observe?.busy(kind),
        () => options.log("warn", "store_result_unsaved", { kind }),
      );
    this.replies = onceMemory("reply");
    this.events = onceMemory("event");
    this.sends = new RedisSendLedger(redis, keys, rememberMs);
    this.threads = new RedisThreadCache(redis, keys, rememberMs);
    let lastError = "";
    this.client.on("ready", () => {
      if (!this.up) options.log("info", "store_connected", { store: "redis" });
      this.up = true;
      void this.flushUnsaved();
    });
    this.client.on("error", (error: Error) => {
      // ioredis reports every failed reconnect: one line per change of reason, not one per attempt.
      if (this.up || error.message !== lastError)
        options.log("warn", "store_unavailable", { store: "redis", reason: error.message.slice(0, 200) });
      lastError = error.message;
      this.up = false;
    });
    this.client.on("close", () => {
      if (this.up && !this.closed)
        options.log("warn", "store_unavailable", { store: "redis", reason: "connection closed" });
      this.up = false;
    });
  }

  /** Resolves when connected, or after `ms` (the gateway starts anyway and reports not ready). */
  async connected(ms: number): Promise<boolean> {
    if (this.client.status === "ready") return true;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off("ready", onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      this.client.once("ready", onReady);
    });
  }

  localEntries(): Record<string, number> {
    return { unsaved: this.replies.unsavedCount + this.events.unsavedCount };
  }

  get isUp(): boolean {
    return this.up && this.client.status === "ready";
  }

  async reachable(): Promise<boolean> {
    if (this.client.status !== "ready") return false;
    try {
      return (await this.client.ping()) === "PONG";
    } catch {
      this.options.observe?.failure("ping");
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushUnsaved();
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private async flushUnsaved(): Promise<void> {
    await this.replies.flushUnsaved();
    await this.events.flushUnsaved();
  }
}
