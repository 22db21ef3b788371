/**
 * The README shows `npm run demo`'s output: it must be what the command prints today, apart from
 * what differs at every run (timings, ports, RCE's generated ids).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..", "..");

/** Timings, loopback ports and 24-hex ids become placeholders. */
function normalise(text: string): string[] {
  return text
    .split("\n")
    .map((line) =>
      line
        // Padded to five characters: a run past 999 ms is one character wider.
        .replace(/ *\d+ ms/g, " N ms")
        .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT")
        .replace(/\b[0-9a-f]{24}\b/g, "ID")
        .trimEnd(),
    )
    .filter((line) => line !== "");
}

describe("README: the demo transcript is what `npm run demo` prints", function () {
  this.timeout(60_000);

  it("matches line by line (timings, ports and ids aside)", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "scripts", "demo.ts")],
      { cwd: ROOT, maxBuffer: 4 * 1024 * 1024 },
    );
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const start = readme.indexOf("```\nRCE simulator http://");
    expect(start, "README has the demo transcript block").to.be.greaterThan(0);
    const block = readme.slice(start + 4, readme.indexOf("```", start + 4));
    expect(
      normalise(block),
      "paste the output of `npm run demo` into README.md's 'See it work' block",
    ).to.deep.equal(normalise(stdout));
  });
});
