#!/usr/bin/env node
// `npm audit --omit=dev`, reported in one line. Fails on any advisory against a runtime dependency;
// if the registry's advisory service cannot be reached, says so and lists what ships instead.

const { spawnSync } = require("node:child_process");
const lock = require("../package-lock.json");

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8" });
let report;
try {
  report = JSON.parse(run.stdout || "{}");
} catch {
  report = {};
}
const runtime = Object.entries(lock.packages || {})
  .filter(([path, info]) => path.startsWith("node_modules/") && !info.dev)
  .map(([path, info]) => `${path.replace(/^.*node_modules\//, "")}@${info.version}`);

if (report.metadata?.vulnerabilities) {
  const counts = report.metadata.vulnerabilities;
  const total = counts.total || 0;
  console.log(
    `npm audit --omit=dev: ${total} advisories (${JSON.stringify(counts)}) in ${runtime.length} runtime packages`,
  );
  process.exit(total > 0 ? 1 : 0);
}
const noise = /complete log|Unknown user config|^\s*$/;
const stderrReason = (run.stderr || "")
  .split("\n")
  .filter((line) => !noise.test(line))
  .pop();
const reason =
  (report.error && (report.error.summary || report.error.code)) ||
  (stderrReason || "").replace(/^npm error\s*/, "");
console.log(
  `npm audit --omit=dev: advisory service not reachable from this machine (${reason || "no answer"}); not checked.`,
);
console.log(`runtime packages (${runtime.length}): ${runtime.join(", ")}`);
