/**
 * The Lua scripts the Redis store runs, each atomic in Redis; a script touches only keys of one hash
 * tag (`{…}`), so it runs in one Cluster slot.
 */
import type { Cluster, Redis } from "ioredis";

export type RedisClient = Redis | Cluster;

const SCRIPTS = {
  /** KEYS: done, claim; ARGV: token, claim TTL → {'done', value} | {'claimed'} | {'busy'}. */
  rceGwClaim: {
    keys: 2,
    lua: `
local v = redis.call('GET', KEYS[1])
if v then return {'done', v} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'claimed'} end
return {'busy'}`,
  },
  /** KEYS: done, claim; ARGV: token, value, TTL: the result, and the claim dropped if still ours. */
  rceGwFinish: {
    keys: 2,
    lua: `
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`,
  },
  /** KEYS: claim; ARGV: token: the claim dropped if still ours. */
  rceGwRelease: {
    keys: 1,
    lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  },
  /** KEYS: sent; ARGV: TTL → the count with this send. */
  rceGwBeginSend: {
    keys: 1,
    lua: `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return n`,
  },
  /** KEYS: sent: one send less; at 0 the key goes. */
  rceGwUndoSend: {
    keys: 1,
    lua: `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 1 then return redis.call('DECR', KEYS[1]) end
redis.call('DEL', KEYS[1])
return 0`,
  },
} as const;

export type ScriptName = keyof typeof SCRIPTS;

export function defineScripts(client: RedisClient): void {
  for (const [name, script] of Object.entries(SCRIPTS))
    client.defineCommand(name, { numberOfKeys: script.keys, lua: script.lua });
}

/** Runs a script defined above; defineCommand adds the method at run time, unknown to ioredis' typings. */
export function runScript(
  client: RedisClient,
  name: ScriptName,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const call = (client as unknown as Record<ScriptName, (...a: string[]) => Promise<unknown>>)[name];
  return call.call(client, ...keys, ...args);
}
