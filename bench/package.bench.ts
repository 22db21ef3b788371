/**
 * Package figures: archive size and the cost of requiring the built module in a fresh Node process,
 * against requiring an empty module. Medians of repeated runs. Run ./build.sh first (npm run bench does).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { goal, printAlone, type Section } from "./goals";

const root = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  main: string;
};
const archive = path.join(root, `${pkg.name}-${pkg.version}.tgz`);
const RUNS = Number(process.env.BENCH_RUNS || 31);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds spent inside require(), measured by the child itself, plus the whole process wall time. */
function measure(file: string): { require: number; process: number } {
  const probe = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  const requireMs: number[] = [];
  const processMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const out = execFileSync(process.execPath, ["-e", probe], {
      cwd: path.dirname(file),
      env: { PATH: process.env.PATH },
      encoding: "utf8",
    });
    processMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    requireMs.push(Number(out));
  }
  return { require: median(requireMs), process: median(processMs) };
}

export function main(): Section {
  if (!fs.existsSync(archive)) execFileSync(path.join(root, "build.sh"), { stdio: "inherit" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rce-bench-"));
  execFileSync("tar", ["-xzf", archive, "-C", dir]);
  fs.writeFileSync(path.join(dir, "empty.js"), "module.exports = {};\n");
  const built = measure(path.join(dir, pkg.main));
  const empty = measure(path.join(dir, "empty.js"));
  fs.rmSync(dir, { recursive: true, force: true });
  const archiveKb = fs.statSync(archive).size / 1024;
  const overhead = built.require - empty.require;
  return {
    title: `package (${RUNS} runs each)`,
    rows: [
      {
        name: "archive size",
        value: `${archiveKb.toFixed(1)} KB`,
        note: "",
        goals: [goal(archiveKb, "≤", 250, { unit: " KB", digits: 1 })],
      },
      {
        name: "bundle size (build/module.js)",
        value: `${(fs.statSync(path.join(root, "build", "module.js")).size / 1024).toFixed(1)} KB`,
        note: "",
      },
      {
        name: "require() built module, median",
        value: `${built.require.toFixed(2)} ms`,
        note: `empty module ${empty.require.toFixed(2)} ms`,
      },
      {
        name: "require() overhead vs empty",
        value: `${overhead.toFixed(2)} ms`,
        note: "",
        goals: [goal(overhead, "≤", 50, { unit: " ms", digits: 2 })],
      },
      {
        name: "fresh process + require, median",
        value: `${built.process.toFixed(1)} ms`,
        note: `empty module ${empty.process.toFixed(1)} ms (+${(built.process - empty.process).toFixed(1)} ms)`,
      },
    ],
  };
}

if (require.main === module) printAlone(main(), 34);
