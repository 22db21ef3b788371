/**
 * The operators' programs the deploy tests run for real (nginx, caddy, promtool, systemd-analyze),
 * from Debian's packages. A missing one fails the test with the command that installs it: these
 * tests never pass silently. `.ci/run` installs them.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Where each program comes from: the Debian package that installs it. */
export const DEBIAN_PACKAGE = {
  nginx: "nginx",
  caddy: "caddy",
  promtool: "prometheus",
  "systemd-analyze": "systemd",
} as const;

export type Program = keyof typeof DEBIAN_PACKAGE;

/** PATH, then where Debian puts programs (nginx is in /usr/sbin, often not on a user's PATH). */
function searchDirs(): string[] {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"])
    .filter((dir) => dir !== "");
}

export function programPath(name: Program, dirs = searchDirs()): string {
  const found = dirs.map((dir) => path.join(dir, name)).find((file) => fs.existsSync(file));
  if (!found)
    throw new Error(
      `${name} is not installed, and this test runs the real one: \`sudo apt-get install ${DEBIAN_PACKAGE[name]}\` (Debian/Ubuntu; \`bash .ci/run\` installs it)`,
    );
  return found;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (bounded by `timeoutMs`); never throws on a non-zero exit. */
export function runProgram(
  name: Program,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  const file = programPath(name);
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 20_000, cwd: options.cwd },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export interface Daemon {
  readonly output: string[];
  stop(): Promise<void>;
}

/** Starts a long-running program in the foreground; `stop` ends it (SIGTERM, then SIGKILL). */
export function startDaemon(name: Program, args: string[], env: NodeJS.ProcessEnv = process.env): Daemon {
  const child: ChildProcess = spawn(programPath(name), args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    stream?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
