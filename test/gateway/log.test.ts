/** The gateway's JSON log as a process writes it: batched, in order, nothing lost at exit. */
import { spawn } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

const LOG_MODULE = path.resolve(__dirname, "../../src/gateway/log.ts");

/** Runs `body` in a Node process of its own with `log` (a jsonLogger on stdout); returns its stdout. */
function runLogging(body: string): Promise<{ stdout: string; code: number | null }> {
  const script = `
    const { jsonLogger } = require(${JSON.stringify(LOG_MODULE)});
    const log = jsonLogger((text) => text.split("s3cr3t-value-123").join("[redacted]"), "info");
    ${body}
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", "tsx/cjs", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, code }));
  });
}

function events(stdout: string): { event: string; n?: number }[] {
  return stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe("gateway log (stdout of its own process)", function () {
  this.timeout(30_000);

  it("every line arrives once and in order, also when the process exits at once (no flush)", async () => {
    const { stdout, code } = await runLogging(`
      for (let n = 0; n < 2500; n++) log("info", "line", { n, note: "s3cr3t-value-123" });
      process.exit(3);
    `);
    expect(code).to.equal(3);
    const lines = events(stdout);
    expect(lines.map((line) => line.n)).to.deep.equal(Array.from({ length: 2500 }, (_, n) => n));
    expect(stdout).not.to.include("s3cr3t-value-123");
  });

  it("a line that does not fill a batch is written within the flush interval, the process still running", async () => {
    const { stdout } = await runLogging(`
      log("info", "lonely", { n: 1 });
      setTimeout(() => {
        require("node:fs").writeSync(1, JSON.stringify({ event: "marker" }) + "\\n");
        process.exit(0);
      }, 600);
    `);
    expect(events(stdout).map((line) => line.event)).to.deep.equal(["lonely", "marker"]);
  });

  it("flush() hands over what waits for a batch and resolves once it is written", async () => {
    const { stdout } = await runLogging(`
      log("info", "first", { n: 1 });
      log("info", "second", { n: 2 });
      log.flush(2000).then(() => {
        require("node:fs").writeSync(1, JSON.stringify({ event: "after flush" }) + "\\n");
        process.exit(0);
      });
    `);
    expect(events(stdout).map((line) => line.event)).to.deep.equal(["first", "second", "after flush"]);
  });
});
