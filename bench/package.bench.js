#!/usr/bin/env node
// Package figures: archive size and the cost of requiring the built module in a fresh Node process,
// against requiring an empty module. Medians of repeated runs. Run ./build.sh first (npm run bench does).

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const root = path.resolve(__dirname, "..");
const pkg = require("../package.json");
const archive = path.join(root, `${pkg.name}-${pkg.version}.tgz`);
const RUNS = Number(process.env.BENCH_RUNS || 31);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds spent inside require(), measured by the child itself, plus the whole process wall time. */
function measure(file) {
  const probe = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  const requireMs = [];
  const processMs = [];
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

function main() {
  if (!fs.existsSync(archive)) execFileSync(path.join(root, "build.sh"), { stdio: "inherit" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rce-bench-"));
  execFileSync("tar", ["-xzf", archive, "-C", dir]);
  fs.writeFileSync(path.join(dir, "empty.js"), "module.exports = {};\n");
  const main = measure(path.join(dir, pkg.main));
  const empty = measure(path.join(dir, "empty.js"));
  fs.rmSync(dir, { recursive: true, force: true });
  const rows = [
    ["archive size", `${(fs.statSync(archive).size / 1024).toFixed(1)} KB`, "goal ≤ 250 KB"],
    [
      "bundle size (build/module.js)",
      `${(fs.statSync(path.join(root, "build", "module.js")).size / 1024).toFixed(1)} KB`,
      "",
    ],
    [
      "require() built module, median",
      `${main.require.toFixed(2)} ms`,
      `empty module ${empty.require.toFixed(2)} ms`,
    ],
    ["require() overhead vs empty", `${(main.require - empty.require).toFixed(2)} ms`, "goal ≤ 50 ms"],
    [
      "fresh process + require, median",
      `${main.process.toFixed(1)} ms`,
      `empty module ${empty.process.toFixed(1)} ms (+${(main.process - empty.process).toFixed(1)} ms)`,
    ],
  ];
  return { title: `package (${RUNS} runs each)`, rows };
}

module.exports = { main };
if (require.main === module) {
  const { title, rows } = main();
  console.log(title);
  for (const [name, value, note] of rows) console.log(`  ${name.padEnd(34)} ${value.padStart(12)}  ${note}`);
}
