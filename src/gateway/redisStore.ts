/**
 * The gateway's memory in Redis or Valkey (ioredis: standalone, Sentinel or Cluster), shared by every
 * instance and kept across restarts. Key names (prefix `rce-gw:` by default; the `{…}` hash tag keeps
 * a key's claim and result in one Cluster slot, as the scripts need):
 *
 *   <prefix>reply:{<reply key>}:done    "delivered", 24 h        an agent reply reached Cognigy
 *   <prefix>reply:{<reply key>}:claim   instance token, claimTtl an instance is delivering it now
 *   <prefix>event:{<event id>}:done     "delivered"|"ignored", 24 h
 *   <prefix>event:{<event id>}:claim    instance token, claimTtl
 *   <prefix>sent:{<key>}:<route>        count, 24 h              sends that may have arrived
 *   <prefix>thread:{<RCE thread id>}    our thread id, 24 h      thread cache
 *
 * Every key expires: memory is bounded by the traffic of 24 hours (README: ~100 bytes per entry).
 *
 * A claim is SET NX PX: of two instances receiving the same retry at the same moment one delivers,
 * the other waits (bounded) for the result and otherwise answers "retry later" — never a second
 * delivery. A crashed instance's claim expires after claimTtl, longer than any delivery may take.
 *
 * Redis unreachable: no command waits (no offline queue, a command timeout), the caller answers so
 * RCE retries, `reachable()` is false, and ioredis reconnects on its own (no restart needed).
 */
import { createHash, randomUUID } from "node:crypto";
import IORedis, { Cluster, type Redis, type RedisOptions } from "ioredis";
import type { GatewayLogger } from "./log";
import { DEFAULT_KEY_PREFIX, parseRedisUrl, type RedisTarget } from "./redisUrl";
import {
  type GatewayStore,
  HandledElsewhere,
  type OnceMemory,
  type OnceResult,
  REMEMBER_MS,
  type SendLedger,
  StoreUnavailable,
  type ThreadCache,
} from "./store";

export interface RedisStoreOptions {
  url: string;
  keyPrefix?: string;
  /** A claim's lifetime: longer than one whole delivery may take, so only a crashed holder loses it. */
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

/** Claims a key; with it, how often the message was already sent ambiguously (same hash slot). */
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v then return {'done', v} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'claimed', tonumber(redis.call('GET', KEYS[3]) or '0')}
end
return {'busy'}`;

const FINISH = `
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const COUNT_SEND = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return n`;

const SCRIPTS = { rceGwClaim: CLAIM, rceGwFinish: FINISH, rceGwRelease: RELEASE, rceGwCountSend: COUNT_SEND };
type ScriptName = keyof typeof SCRIPTS;
type Client = Redis | Cluster;

/** Long keys (a hash of a whole reply) are hashed again so one entry stays small. */
function keyPart(key: string): string {
  return key.length <= 128 ? key : `sha256:${createHash("sha256").update(key).digest("base64url")}`;
}

function createClient(target: RedisTarget, commandTimeout: number): Client {
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
  readonly replies: OnceMemory;
  readonly events: OnceMemory;
  readonly sends: SendLedger;
  readonly threads: ThreadCache;
  private readonly client: Client;
  private readonly prefix: string;
  private readonly rememberMs: number;
  private up = false;
  private closed = false;
  /** Results delivered while Redis could not be written: kept here and written when it is back. */
  private readonly unsaved = new Map<string, string>();
  /**
   * Ambiguous-send counts read with a claim, by send key. While this instance holds the claim no one
   * else sends the message, so the count stays right until the claim ends: one command fewer.
   */
  private readonly countsAtClaim = new Map<string, number>();

  constructor(private readonly options: RedisStoreOptions) {
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.rememberMs = options.rememberMs ?? REMEMBER_MS;
    this.client = createClient(parseRedisUrl(options.url), options.commandTimeoutMs ?? 2000);
    for (const [name, lua] of Object.entries(SCRIPTS))
      this.client.defineCommand(name, {
        numberOfKeys:
          name === "rceGwCountSend" || name === "rceGwRelease" ? 1 : name === "rceGwClaim" ? 3 : 2,
        lua,
      });
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
    // Agent replies are delivered with notify, webhook events with inject (cognigyEndpoint.ts).
    this.replies = this.onceMemory("reply", "notify");
    this.events = this.onceMemory("event", "inject");
    this.sends = {
      count: async (key) => {
        const sendKey = this.sendKey(key);
        const known = this.countsAtClaim.get(sendKey);
        if (known !== undefined) return known;
        return Number((await this.command("get", () => this.client.get(sendKey))) ?? 0);
      },
      add: async (key) => {
        const sendKey = this.sendKey(key);
        this.countsAtClaim.delete(sendKey);
        return Number(await this.script("rceGwCountSend", [sendKey], [String(this.rememberMs)]));
      },
    };
    this.threads = {
      // A cache: while Redis is away the thread is looked up in RCE again, nothing is lost.
      get: async (id) =>
        (await this.command("get", () => this.client.get(this.threadKey(id))).catch(() => null)) ?? undefined,
      set: async (id, foreignId) => {
        await this.command("set", () =>
          this.client.set(this.threadKey(id), foreignId, "PX", this.rememberMs),
        ).catch(() => undefined);
      },
    };
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
    return { unsaved: this.unsaved.size };
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

  /**
   * The ledger names a send `<route>:<message key>`; the message key is the hash tag, as in the
   * reply/event keys, so the claim script reads the count in the same Cluster slot.
   */
  private sendKey(key: string): string {
    const colon = key.indexOf(":");
    const [route, message] = colon > 0 ? [key.slice(0, colon), key.slice(colon + 1)] : ["", key];
    return `${this.prefix}sent:{${keyPart(message)}}${route ? `:${route}` : ""}`;
  }

  private threadKey(id: string): string {
    return `${this.prefix}thread:{${keyPart(id)}}`;
  }

  private async command<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.options.observe?.failure(operation);
      throw new StoreUnavailable(
        `the gateway's Redis store did not answer (${operation}: ${(error as Error).message.slice(0, 120)})`,
      );
    }
  }

  private script(name: ScriptName, keys: string[], args: string[]): Promise<unknown> {
    // defineCommand adds the method at run time; its type is not known to ioredis' typings.
    const call = (this.client as unknown as Record<ScriptName, (...a: string[]) => Promise<unknown>>)[name];
    return this.command(name, () => call.call(this.client, ...keys, ...args));
  }

  private async flushUnsaved(): Promise<void> {
    for (const [doneKey, value] of [...this.unsaved]) {
      try {
        await this.client.set(doneKey, value, "PX", this.rememberMs);
        this.unsaved.delete(doneKey);
      } catch {
        return;
      }
    }
  }

  private onceMemory(kind: "reply" | "event", route: "notify" | "inject"): OnceMemory {
    const inFlight = new Map<string, Promise<OnceResult>>();
    const run = async (key: string, work: () => Promise<string>): Promise<OnceResult> => {
      const base = `${this.prefix}${kind}:{${keyPart(key)}}`;
      const doneKey = `${base}:done`;
      const claimKey = `${base}:claim`;
      const sendKey = this.sendKey(`${route}:${key}`);
      const kept = this.unsaved.get(doneKey);
      if (kept !== undefined) return { value: kept, duplicate: true };
      const token = randomUUID();
      const deadline = Date.now() + (this.options.claimWaitMs ?? 5000);
      let pause = 10;
      for (;;) {
        const answer = await this.script(
          "rceGwClaim",
          [doneKey, claimKey, sendKey],
          [token, String(this.options.claimTtlMs)],
        );
        const [state, value] = Array.isArray(answer) ? (answer as unknown[]) : [];
        if (state === "done" && typeof value === "string") return { value, duplicate: true };
        if (state === "claimed") {
          if (typeof value === "number") this.countsAtClaim.set(sendKey, value);
          break;
        }
        if (Date.now() + pause > deadline) {
          this.options.observe?.busy(kind);
          throw new HandledElsewhere(
            `another gateway instance is handling this ${kind === "reply" ? "reply" : "event"} right now`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 200);
      }
      let value: string;
      try {
        value = await work();
      } catch (error) {
        // Failed: give the key free for the next retry (if Redis is away, the claim expires on its own).
        await this.script("rceGwRelease", [claimKey], [token]).catch(() => undefined);
        throw error;
      } finally {
        this.countsAtClaim.delete(sendKey);
      }
      try {
        await this.script("rceGwFinish", [doneKey, claimKey], [token, value, String(this.rememberMs)]);
      } catch {
        // Delivered, but Redis could not be told. The claim still blocks other instances until it
        // expires; this instance keeps the result and writes it when Redis is back.
        if (this.unsaved.size < 100_000) this.unsaved.set(doneKey, value);
        this.options.log("warn", "store_result_unsaved", { kind });
      }
      return { value, duplicate: false };
    };
    return {
      once: async (key, work) => {
        // One instance asks Redis once per key; its own concurrent retries share that.
        const pending = inFlight.get(key);
        if (pending) return { value: (await pending).value, duplicate: true };
        const started = run(key, work);
        inFlight.set(key, started);
        try {
          return await started;
        } finally {
          inFlight.delete(key);
        }
      },
    };
  }
}
