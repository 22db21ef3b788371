/**
 * Every `npm run …` (and `npm test`) the README shows works on a fresh clone without a prior install:
 * npm itself runs the script's pre-hook, which installs from package-lock.json when node_modules is
 * missing (scripts/ensure-deps.sh). Checked with the real npm on a copy of package.json whose
 * ensure-deps.sh is a stand-in that records the call and stops, so nothing is installed or run.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { readAllDocs } from "../support/docs";

const ROOT = path.resolve(__dirname, "..", "..");
const ENSURE = "bash scripts/ensure-deps.sh";
const STAND_IN_EXIT = 42;

const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** The scripts the README runs: `npm run <name>` and `npm test`. */
function readmeScripts(): string[] {
  const readme = readAllDocs();
  const names = new Set([...readme.matchAll(/npm run (?:--silent )?([a-z][a-z:-]*)/g)].map((m) => m[1]));
  if (/\bnpm test\b/.test(readme)) names.add("test");
  return [...names].sort();
}

/** The script installs first: its pre-hook runs ensure-deps, or it starts with ./build.sh, which does. */
function installsFirst(name: string): boolean {
  const pre = scripts[`pre${name}`];
  if (pre?.startsWith(ENSURE)) return true;
  return scripts[name]?.startsWith("./build.sh") === true;
}

describe("README: every npm script it shows works on a fresh clone", function () {
  this.timeout(60_000);
  const shown = readmeScripts();

  it("finds the README's commands", () => {
    expect(shown).to.include.members(["bench", "check-setup", "demo", "lint", "setup-rce", "test"]);
  });

  it("each one exists and installs the dependencies first", () => {
    const missing = shown.filter((name) => !scripts[name]);
    expect(missing, "scripts the README shows that package.json lacks").to.deep.equal([]);
    const bare = shown.filter((name) => !installsFirst(name));
    expect(bare, `scripts without a pre-hook running ${ENSURE}`).to.deep.equal([]);
    const build = fs.readFileSync(path.join(ROOT, "build.sh"), "utf8");
    expect(
      build.split("\n").find((line) => line.startsWith("bash ")),
      "build.sh's first command",
    ).to.equal(ENSURE);
  });

  it("npm runs the install before the script itself, with no node_modules", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "npm-scripts-"));
    try {
      fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
      fs.mkdirSync(path.join(dir, "scripts"));
      const log = path.join(dir, "ensure-deps.log");
      fs.writeFileSync(
        path.join(dir, "scripts", "ensure-deps.sh"),
        `echo "$npm_lifecycle_event" >> "${log}"\nexit ${STAND_IN_EXIT}\n`,
      );
      const hooked = shown.filter((name) => scripts[`pre${name}`]);
      for (const name of hooked) {
        const args = name === "test" ? ["test"] : ["run", name];
        const failure = await promisify(execFile)("npm", [...args, "--silent"], {
          cwd: dir,
          timeout: 20_000,
        }).then(
          () => undefined,
          (error: NodeJS.ErrnoException & { code?: unknown }) => error,
        );
        expect(failure?.code, `npm ${args.join(" ")} stops where the install stopped`).to.equal(
          STAND_IN_EXIT,
        );
      }
      const ran = fs.readFileSync(log, "utf8").trim().split("\n");
      expect(ran, "each pre-hook ran, and nothing after it").to.deep.equal(hooked.map((n) => `pre${n}`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ensure-deps.sh installs when node_modules is missing, and not again once it is there", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-deps-"));
    try {
      for (const file of ["package.json", "package-lock.json"])
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
      fs.mkdirSync(path.join(dir, "scripts"));
      fs.copyFileSync(
        path.join(ROOT, "scripts", "ensure-deps.sh"),
        path.join(dir, "scripts", "ensure-deps.sh"),
      );
      // A stand-in npm: records its arguments and writes what a real install leaves behind.
      const bin = path.join(dir, "bin");
      fs.mkdirSync(bin);
      fs.writeFileSync(
        path.join(bin, "npm"),
        `#!/bin/sh\necho "$@" >> "${dir}/npm.log"\nmkdir -p node_modules && echo '{}' > node_modules/.package-lock.json\n`,
        { mode: 0o755 },
      );
      const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
      const run = () => promisify(execFile)("bash", ["scripts/ensure-deps.sh"], { cwd: dir, env });
      const first = await run();
      expect(first.stdout).to.include("installing dependencies from package-lock.json (npm ci)");
      await run();
      expect(fs.readFileSync(path.join(dir, "npm.log"), "utf8").trim().split("\n")).to.deep.equal([
        "ci --no-audit --no-fund --loglevel=warn",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every bash block of the README parses, and the example files its commands copy exist", async () => {
    const readme = readAllDocs();
    const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).to.be.greaterThan(3);
    for (const block of blocks) {
      const parsed = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile("bash", ["-n"], (error, _stdout, stderr) =>
          resolve({ code: error ? 1 : 0, stderr }),
        );
        child.stdin?.end(block);
      });
      expect(parsed.code, `bash -n on:\n${block}\n${parsed.stderr}`).to.equal(0);
    }
    const copied = [...readme.matchAll(/\bcp ([\w.-]+\.example\.json) /g)].map((m) => m[1]);
    expect(copied).to.include.members([
      "gateway.example.json",
      "setup-rce.example.json",
      "check-setup.example.json",
    ]);
    for (const file of copied) expect(fs.existsSync(path.join(ROOT, file)), file).to.equal(true);
  });
});
