/**
 * deploy/rce-cognigy-gateway.service with the real `systemd-analyze verify` (Debian's systemd), and
 * its commands run as systemd would run them, with the unit's paths inside a temp folder: the Node
 * version guard, then the gateway on the unit's exact command line.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { validConnection } from "../support/fixtures";
import { BUILT_GATEWAY, VERIFY_TOKEN } from "../support/gatewayProcess";
import { freePort } from "../support/ports";
import { runProgram } from "../support/programs";
import { supportedMajors } from "./nodeLines";
import { execArgs, NODE_DIR, unitFile } from "./systemdUnit";

const ROOT = path.resolve(__dirname, "..", "..");
const UNIT_PATH = path.join(ROOT, "deploy", "rce-cognigy-gateway.service");

describe("deploy: the systemd unit", function () {
  this.timeout(30_000);
  let dir: string;
  const unit = unitFile(UNIT_PATH);
  /** The unit's absolute paths, moved under the temp folder. */
  const moved = (file: string) => path.join(dir, file);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-systemd-"));
    fs.mkdirSync(moved(path.join(NODE_DIR, "bin")), { recursive: true });
    // The Node that runs this test stands in for the one the install steps unpack there.
    fs.symlinkSync(process.execPath, moved(path.join(NODE_DIR, "bin", "node")));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs its own Node from the folder its install steps unpack the newest supported line into", () => {
    const [program] = execArgs(unit.Service.ExecStart);
    expect(program).to.equal(`${NODE_DIR}/bin/node`);
    expect(program).not.to.equal("/usr/bin/node");
    const newest = Math.max(...supportedMajors());
    const tarball = new RegExp(
      `node-v${newest}\\.\\d+\\.\\d+-linux-x64\\.tar\\.xz -C ${NODE_DIR} --strip-components=1`,
    );
    expect(unit.comments, `the install steps unpack Node ${newest} into ${NODE_DIR}`).to.match(tarball);
    expect(execArgs(unit.Service.ExecStartPre)[0]).to.equal(program);
  });

  it("installs the files where ExecStart and WorkingDirectory expect them", () => {
    const [, script, flag, config] = execArgs(unit.Service.ExecStart);
    expect(flag).to.equal("--config");
    expect(unit.comments).to.contain(`install -D -m 0644 dist/gateway.js ${script}`);
    expect(unit.comments).to.contain(`install -D -m 0640 -g rce-gateway gateway.json ${config}`);
    expect(path.dirname(script ?? "")).to.equal(unit.Service.WorkingDirectory);
    expect(unit.comments).to.contain(`useradd --system --no-create-home ${unit.Service.User}`);
  });

  it("`systemd-analyze verify` accepts it without a word", async () => {
    const file = path.join(dir, "rce-cognigy-gateway.service");
    fs.writeFileSync(
      file,
      fs.readFileSync(UNIT_PATH, "utf8").replaceAll(`${NODE_DIR}/bin/node `, `${moved(NODE_DIR)}/bin/node `),
    );
    const result = await runProgram("systemd-analyze", ["verify", file]);
    expect(result.stdout + result.stderr).to.equal("");
    expect(result.code).to.equal(0);
  });

  it("the Node guard passes on a supported line and stops an older one", async () => {
    const [, ...args] = execArgs(unit.Service.ExecStartPre);
    const code = await new Promise<number>((resolve) =>
      execFile(process.execPath, args, (error) => resolve(error ? Number(error.code ?? 1) : 0)),
    );
    const major = Number(process.versions.node.split(".")[0]);
    expect(code, `Node ${process.version}`).to.equal(major >= Math.min(...supportedMajors()) ? 0 : 1);
    const old = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ["-e", `Object.defineProperty(process.versions, "node", { value: "18.19.0" }); ${args[1]}`],
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      ),
    );
    expect(old.code, "Node 18 (Debian 12's)").to.equal(1);
    expect(old.stderr).to.contain("needs Node.js 22 or 24");
  });

  describe("ExecStart, run as written", () => {
    let cognigy: FakeCognigy;
    before(async () => {
      cognigy = await startFakeCognigy();
    });
    after(async () => cognigy?.close());

    it("starts the gateway from the installed files; SIGTERM (KillSignal) ends it with 0", async () => {
      const [program, script, flag, config] = execArgs(unit.Service.ExecStart);
      const port = await freePort();
      fs.mkdirSync(path.dirname(moved(script ?? "")), { recursive: true });
      fs.copyFileSync(BUILT_GATEWAY, moved(script ?? ""));
      fs.mkdirSync(path.dirname(moved(config ?? "")), { recursive: true });
      fs.writeFileSync(
        moved(config ?? ""),
        JSON.stringify({
          ...validConnection(),
          verifyToken: VERIFY_TOKEN,
          cognigyEndpointUrl: cognigy.url,
          host: "127.0.0.1",
          port,
          logLevel: "warn",
        }),
      );
      const env = Object.fromEntries(
        execArgs(unit.Service.Environment).map((pair) => pair.split("=") as [string, string]),
      );
      const child = execFile(moved(program ?? ""), [moved(script ?? ""), flag ?? "", moved(config ?? "")], {
        cwd: moved(unit.Service.WorkingDirectory ?? ""),
        env: { PATH: process.env.PATH, ...env },
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      try {
        const deadline = Date.now() + 10_000;
        let status = 0;
        while (status !== 200 && Date.now() < deadline) {
          status = await fetch(`http://127.0.0.1:${port}/health`).then(
            (r) => r.status,
            () => 0,
          );
          if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(status, "GET /health").to.equal(200);
      } finally {
        expect(unit.Service.KillSignal).to.equal("SIGTERM");
        child.kill("SIGTERM");
        expect(await exited).to.equal(0);
      }
    });
  });
});
