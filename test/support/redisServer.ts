/**
 * A real redis-server for the tests (Debian's package): its own free loopback port and temp dir, no
 * persistence. Without redis-server installed the Redis tests fail with how to install it; they never
 * pass silently. `.ci/run` installs it.
 */

import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./ports";

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGKILL: as abrupt as a crash or a network cut). */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** One command through redis-cli-free RESP, e.g. ["INFO", "memory"]. */
  command(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export function redisServerBinary(): string {
  const found = (process.env.PATH ?? "")
    .split(path.delimiter)
    .concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"])
    .map((dir) => path.join(dir, "redis-server"))
    .find((file) => fs.existsSync(file));
  if (!found)
    throw new Error(
      "redis-server is not installed, and the Redis tests need a real one: `sudo apt-get install redis-server` (Debian/Ubuntu; CI installs it), or put a redis-server (or valkey-server renamed) on PATH",
    );
  return found;
}

/** Sends one command in RESP and returns the raw reply (enough for PING, INFO, DBSIZE, FLUSHALL). */
function resp(port: number, args: string[], timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("redis did not answer"));
    }, timeoutMs);
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString("utf8");
      const bulk = /^\$(\d+)\r\n/.exec(text);
      const complete = bulk
        ? Buffer.byteLength(text) >= bulk[0].length + Number(bulk[1]) + 2
        : text.endsWith("\r\n");
      if (complete) {
        clearTimeout(timer);
        socket.end();
        resolve(bulk ? text.slice(bulk[0].length, bulk[0].length + Number(bulk[1])) : text.trim());
      }
    });
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`);
  });
}

export async function startRedisServer(options: { password?: string } = {}): Promise<RedisServer> {
  const binary = redisServerBinary();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gateway-redis-"));
  let child: ChildProcess | undefined;
  const output: string[] = [];

  const start = async () => {
    child = spawn(
      binary,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
        ...(options.password ? ["--requirepass", options.password] : []),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.on("data", (d: Buffer) => output.push(d.toString("utf8")));
    child.stderr?.on("data", (d: Buffer) => output.push(d.toString("utf8")));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      const pong = await resp(port, ["PING"], 500).catch(() => "");
      if (pong === "+PONG" || pong.startsWith("-NOAUTH")) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    throw new Error(`redis-server did not start on port ${port}: ${output.join("").slice(-2000)}`);
  };

  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };

  await start();
  return {
    port,
    url: options.password
      ? `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${port}`
      : `redis://127.0.0.1:${port}`,
    kill,
    restart: start,
    command: async (args) => {
      if (!options.password) return resp(port, args);
      // AUTH and the command on one connection would need a pipeline; a second client is simpler.
      throw new Error("command() is for servers without a password");
    },
    stop: async () => {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
