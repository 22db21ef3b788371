/** `redisUrl`: where Redis is (standalone, Sentinel or Cluster), read without ever quoting it back. */

export const DEFAULT_KEY_PREFIX = "rce-gw:";

export interface RedisNode {
  host: string;
  port: number;
}

/** Where Redis is, read from `redisUrl`. */
export type RedisTarget =
  | { mode: "standalone"; url: string; password?: string }
  | {
      mode: "sentinel" | "cluster";
      nodes: RedisNode[];
      /** Sentinel: the monitored master's name (the URL's path). */
      name: string;
      username?: string;
      password?: string;
      db: number;
      tls: boolean;
    };

const URL_SHAPE =
  /^(rediss?)(?:\+(sentinel|cluster))?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#@]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/;

function decode(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * `redis://[user:password@]host:port[/db]` (`rediss://` with TLS),
 * `redis+sentinel://[user:password@]host:port,host:port/<master name>[?db=N]`,
 * `redis+cluster://[user:password@]host:port,host:port`. Throws without quoting the URL (it may
 * carry a password).
 */
export function parseRedisUrl(url: string): RedisTarget {
  const match = URL_SHAPE.exec(url.trim());
  if (!match)
    throw new Error("redisUrl is not a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL");
  const [, scheme, mode, user, password, hosts, path, query] = match;
  if (!mode) {
    try {
      new URL(url.trim());
    } catch {
      throw new Error("redisUrl is not a valid URL (host, port 1-65535)");
    }
    return { mode: "standalone", url: url.trim(), password: decode(password) ?? decode(user) };
  }
  const nodes = hosts.split(",").map((hostPort) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(hostPort);
    if (!m) throw new Error(`redisUrl: "${hostPort.slice(0, 100)}" is not host:port`);
    const port = Number(m[2] ?? (mode === "sentinel" ? 26379 : 6379));
    if (port < 1 || port > 65535) throw new Error("redisUrl: a port is out of range");
    return { host: m[1].replace(/^\[|\]$/g, ""), port };
  });
  const name = decode(path) ?? "";
  if (mode === "sentinel" && !name)
    throw new Error(
      "redisUrl: a Sentinel URL names the master as its path (redis+sentinel://h:26379/mymaster)",
    );
  const db = Number(new URLSearchParams(query ?? "").get("db") ?? 0);
  if (!Number.isInteger(db) || db < 0) throw new Error("redisUrl: db must be a non-negative integer");
  return {
    mode: mode === "sentinel" ? "sentinel" : "cluster",
    nodes,
    name,
    username: password === undefined ? undefined : decode(user),
    password: password === undefined ? decode(user) : decode(password),
    db,
    tls: scheme === "rediss",
  };
}

/** The URL with its password replaced, for logs and the configuration echo. */
export function redactUrlCredentials(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)([^@/]*)@/i, (_all, scheme: string, auth: string) => {
    const colon = auth.indexOf(":");
    return colon >= 0 ? `${scheme}${auth.slice(0, colon)}:***@` : `${scheme}***@`;
  });
}
