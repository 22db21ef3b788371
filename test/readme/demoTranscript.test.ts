/**
 * The README shows `npm run demo`'s output: it must be what the command prints today, line by line,
 * apart from what differs at every run (timings and their padding, ports, RCE's generated ids).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { normaliseTranscript, transcriptDifference } from "./transcript";

const ROOT = path.resolve(__dirname, "..", "..");
const DEMO = path.join(ROOT, "scripts", "demo.ts");

/** The README's transcript block and the README line it starts on. */
function readmeTranscript(): { text: string; firstLine: number } {
  const readme = fs.readFileSync(path.join(ROOT, "docs", "development.md"), "utf8");
  const start = readme.indexOf("```\nRCE simulator http://");
  expect(start, "README has the demo transcript block").to.be.greaterThan(0);
  const firstLine = readme.slice(0, start + 4).split("\n").length;
  return { text: readme.slice(start + 4, readme.indexOf("```", start + 4)), firstLine };
}

describe("README: the demo transcript is what `npm run demo` prints", function () {
  this.timeout(60_000);

  it("matches line by line (timings, padding, ports and ids aside)", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", DEMO], {
      cwd: ROOT,
      maxBuffer: 4 * 1024 * 1024,
    });
    const { text, firstLine } = readmeTranscript();
    const difference = transcriptDifference(text, stdout, firstLine);
    expect(
      difference,
      `docs/development.md's "See it work" transcript and \`npm run demo\` differ: ${difference}\nIf the change is meant, the README's block is the demo's new output.`,
    ).to.equal(undefined);
  });

  it("--help says what the demo does and needs, and exits 0", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", DEMO, "--help"], {
      cwd: ROOT,
    });
    expect(stdout)
      .to.match(/^Usage: npm run demo\n/)
      .and.include("No Cognigy");
    const refused = await promisify(execFile)(process.execPath, ["--import", "tsx", DEMO, "--fast"], {
      cwd: ROOT,
    }).catch((error: { code?: number; stderr?: string }) => error);
    expect(refused).to.include({ code: 2 });
    expect((refused as { stderr: string }).stderr).to.include("See --help");
  });
});

describe("the transcript comparison", () => {
  const line = (ms: number, who: string, text: string) =>
    `${String(ms).padStart(5)} ms  ${who.padEnd(10)} ${text}`;
  const transcript = (...lines: string[]) => `RCE simulator http://127.0.0.1:45101\n\n${lines.join("\n")}\n`;

  it("ignores timings past 999 ms and their padding, ports and ids", () => {
    const fast = transcript(
      line(249, "[RCE]", "admin saves the webhook"),
      line(
        306,
        "[node]",
        "Route to RCE → With the bot  (47 ms; RCE: PUT /content_threads/6b122d72be8fe1c64586ac3f)",
      ),
      "Done in 610 ms: 2 agent replies",
    );
    const slow = transcript(
      line(1249, "[RCE]", "admin saves the webhook"),
      line(
        10306,
        "[node]",
        "Route to RCE → With the bot  (1047 ms; RCE: PUT /content_threads/0123456789abcdef01234567)",
      ),
      "Done in 10610 ms: 2 agent replies",
    ).replace("45101", "39999");
    expect(normaliseTranscript(slow)).to.deep.equal(normaliseTranscript(fast));
    expect(transcriptDifference(fast, slow)).to.equal(undefined);
  });

  it("names the line that changed, with what the README expects and what the demo printed", () => {
    const readme = transcript(line(1, "User", "Hi"), line(2, "Bot", "Hello!"), line(3, "User", "Bye"));
    const demo = transcript(line(1, "User", "Hi"), line(2, "Bot", "Hello there!"), line(3, "User", "Bye"));
    expect(transcriptDifference(readme, demo)).to.equal(
      "line 3 of the transcript (docs/development.md line 4) differs:\n  expected: N ms Bot Hello!\n  got:      N ms Bot Hello there!",
    );
  });

  it("tells a new line from a dropped one, and a longer or shorter run", () => {
    const a = line(1, "User", "Hi");
    const b = line(2, "Bot", "Hello!");
    const c = line(3, "User", "Bye");
    const extra = line(2, "[node]", "Route to RCE → With the bot");
    expect(transcriptDifference(transcript(a, b, c), transcript(a, extra, b, c))).to.match(
      /^the demo printed 1 new line\(s\) before line 3 of the transcript \(docs\/development.md line 4\) \(the README's transcript has 4 lines, the demo printed 5\):\n {2}got: {6}N ms \[node\] Route to RCE/,
    );
    expect(transcriptDifference(transcript(a, b, c), transcript(a, c))).to.match(
      /^the demo no longer prints line 3 of the transcript .*\n {2}expected: N ms Bot Hello!/,
    );
    expect(transcriptDifference(transcript(a, b), transcript(a, b, c))).to.match(
      /1 line\(s\) more .*\n {2}got: {6}N ms User Bye/,
    );
    expect(transcriptDifference(transcript(a, b, c), transcript(a))).to.match(
      /stopped after 2 line\(s\).*line 3/,
    );
  });
});
