/**
 * deploy/Dockerfile read as Docker reads it (continuation lines joined, instructions per stage), and
 * the image's run reproduced without Docker: the built file alone in an empty folder, the image's
 * ENV and CMD, nothing else in the environment but PATH.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILT_GATEWAY } from "../support/gatewayProcess";
import { freePort } from "../support/ports";

const ROOT = path.resolve(__dirname, "..", "..");

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Dockerfile {
  /** Every stage's instructions, in order; the last stage is the image. */
  stages: { from: string; name?: string; instructions: Instruction[] }[];
  /** The image's (last stage's) ENV, USER, WORKDIR, EXPOSEd port, CMD and HEALTHCHECK command. */
  env: Record<string, string>;
  user?: string;
  workdir?: string;
  port: number;
  cmd: string[];
  healthcheck: { options: string; cmd: string[] };
}

export function dockerfile(file = path.join(ROOT, "deploy", "Dockerfile")): Dockerfile {
  const lines = fs
    .readFileSync(file, "utf8")
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const stages: Dockerfile["stages"] = [];
  for (const line of lines) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") {
      const [from = "", , name] = args.split(/\s+/);
      stages.push({ from, name, instructions: [] });
    } else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  const image = stages.at(-1)?.instructions ?? [];
  const last = (keyword: string) => image.filter((i) => i.keyword === keyword).at(-1)?.args;
  const env: Record<string, string> = {};
  for (const i of image.filter((i) => i.keyword === "ENV"))
    for (const [, key = "", value = ""] of i.args.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
  const health = /^(.*?)\s*CMD\s+(\[.*\])$/.exec(last("HEALTHCHECK") ?? "");
  return {
    stages,
    env,
    user: last("USER"),
    workdir: last("WORKDIR"),
    port: Number(last("EXPOSE")),
    cmd: JSON.parse(last("CMD") ?? "[]"),
    healthcheck: { options: health?.[1] ?? "", cmd: JSON.parse(health?.[2] ?? "[]") },
  };
}

export interface ImageRun {
  origin: string;
  dir: string;
  output: string[];
  stop(): Promise<number | null>;
}

/**
 * The image's CMD in a folder holding only the built file, with the image's ENV plus `env` (the
 * port replaced by a free loopback one, as the container's network would give it its own).
 */
export async function runLikeTheImage(env: Record<string, string>): Promise<ImageRun> {
  const image = dockerfile();
  const [program, ...args] = image.cmd;
  if (program !== "node") throw new Error(`the image's CMD starts ${program}, not node`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "image-run-"));
  fs.copyFileSync(BUILT_GATEWAY, path.join(dir, "gateway.js"));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      ...image.env,
      ...env,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    stream?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the gateway exited: ${output.join("")}`);
    const up = await fetch(`${origin}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the gateway did not start: ${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    origin,
    dir,
    output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
