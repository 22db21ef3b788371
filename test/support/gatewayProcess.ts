/**
 * The gateway as production runs it: `node gateway.js --config gateway.json`, the built file copied
 * alone into an empty folder (no node_modules, no sources), exactly the Dockerfile's command.
 */

import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SETTING_ENV_NAMES } from "../../src/engage/settings";
import { GATEWAY_ENV_NAMES } from "../../src/gateway/config";
import { SECRETS, validConnection } from "./fixtures";
import { freePort } from "./ports";

export const BUILT_GATEWAY = path.resolve(__dirname, "..", "..", "dist", "gateway.js");
export const VERIFY_TOKEN = "verify-t0ken-for-process-tests";

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly origin: string;
  readonly url: string;
  readonly dir: string;
  /** Every line the process printed, stdout and stderr. */
  readonly output: string[];
  alive(): boolean;
  /** Peak resident memory (VmHWM) in MB, from /proc. */
  peakRssMb(): number;
  rssMb(): number;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function procStatus(pid: number, field: string): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** The Dockerfile's command; the configuration then comes from the environment. */
export const IMAGE_COMMAND = ["node", "gateway.js"];

export async function startGatewayProcess(
  config: Record<string, unknown>,
  env: Record<string, string> = {},
  configVia: "file" | "env" = "file",
  /** Where stdout (the JSON log) goes; by default it is read into `output`. A benchmark sends it to a
   * file, as a deployment sends it to its log collector, so reading it does not load the generator.
   * "stalled": a pipe nobody reads (a log collector that hangs). */
  stdoutFile?: string | "stalled",
): Promise<GatewayProcess> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gateway-process-"));
  fs.copyFileSync(BUILT_GATEWAY, path.join(dir, "gateway.js"));
  const values: Record<string, unknown> = {
    ...validConnection(),
    verifyToken: VERIFY_TOKEN,
    host: "127.0.0.1",
    port,
    logLevel: "warn",
    ...config,
  };
  const fromConfig: Record<string, string> = {};
  if (configVia === "file") fs.writeFileSync(path.join(dir, "gateway.json"), JSON.stringify(values));
  else
    for (const [key, value] of Object.entries(values))
      fromConfig[{ ...SETTING_ENV_NAMES, ...GATEWAY_ENV_NAMES }[key as "port"]] = String(value);
  const args = configVia === "file" ? ["gateway.js", "--config", "gateway.json"] : IMAGE_COMMAND.slice(1);
  const stdout = stdoutFile && stdoutFile !== "stalled" ? fs.openSync(stdoutFile, "a") : "pipe";
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", ...fromConfig, ...env },
    stdio: ["ignore", stdout, "pipe"],
  });
  if (typeof stdout === "number") fs.closeSync(stdout);
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  if (stdoutFile === "stalled") child.stdout?.pause();
  for (const stream of stdoutFile === "stalled" ? [child.stderr] : [child.stdout, child.stderr]) {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString("utf8")).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        output.push(line);
      }
    });
  }
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}${typeof config.path === "string" ? config.path : "/handover/rce"}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const up = await until(async () => {
    if (!alive()) return true;
    return fetch(`${origin}/health`).then(
      (r) => r.ok,
      () => false,
    );
  }, 10_000);
  if (!up || !alive()) {
    child.kill("SIGKILL");
    throw new Error(`the gateway did not start: ${output.join("\n")}`);
  }
  return {
    child,
    origin,
    url,
    dir,
    output,
    alive,
    peakRssMb: () => procStatus(child.pid ?? 0, "VmHWM"),
    rssMb: () => procStatus(child.pid ?? 0, "VmRSS"),
    exited,
    stop: async (signal = "SIGTERM") => {
      if (alive()) child.kill(signal);
      const code = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

export { SECRETS };
