/**
 * deploy/Dockerfile, as far as a machine without a Docker engine can check it: the image's base,
 * command, user, port, health check and files are the ones the tests run, and the image's run is
 * reproduced without Docker (its CMD with its ENV in a folder holding only the built file).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS, validConnection } from "../support/fixtures";
import { BUILT_GATEWAY, IMAGE_COMMAND, VERIFY_TOKEN } from "../support/gatewayProcess";
import { freePort } from "../support/ports";
import { dockerfile, runLikeTheImage } from "./dockerfile";
import { supportedMajors } from "./nodeLines";

const ROOT = path.resolve(__dirname, "..", "..");
const image = dockerfile();
const [build, final] = image.stages;
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

function healthcheck(port: number): Promise<number> {
  const [program, ...args] = image.healthcheck.cmd;
  expect(program).to.equal("node");
  return new Promise((resolve) =>
    execFile(process.execPath, args, { env: { GATEWAY_PORT: String(port) }, timeout: 5000 }, (error) =>
      resolve(error ? Number(error.code ?? 1) : 0),
    ),
  );
}

describe("deploy: the Dockerfile (read, and its run reproduced; not built)", () => {
  it("builds on and runs the newest supported Node line, the same image in both stages", () => {
    expect(image.stages).to.have.length(2);
    const newest = Math.max(...supportedMajors());
    for (const stage of image.stages) expect(stage.from).to.equal(`node:${newest}-bookworm-slim`);
  });

  it("the build stage makes dist/gateway.js the way the tests do", () => {
    const run = build?.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(run).to.deep.equal(["npm ci --no-audit --no-fund", "npm run build:gateway"]);
    expect(packageJson.scripts["build:gateway"]).to.equal("node scripts/bundle.js");
    expect(packageJson.scripts.bundle, "npm test bundles with the same script").to.equal(
      "node scripts/bundle.js",
    );
    expect(fs.readFileSync(path.join(ROOT, "scripts", "bundle.js"), "utf8")).to.contain(
      'outfile: path.join(root, "dist", "gateway.js")',
    );
    expect(path.relative(ROOT, BUILT_GATEWAY)).to.equal(path.join("dist", "gateway.js"));
  });

  it("the image holds the built file alone and runs it as the tests do: `node gateway.js`, non-root", () => {
    const copies = final?.instructions.filter((i) => i.keyword === "COPY" || i.keyword === "ADD");
    expect(copies?.map((i) => i.args)).to.deep.equal([
      `--from=build --chown=root:root /src/dist/gateway.js ${image.workdir}/gateway.js`,
    ]);
    expect(image.cmd).to.deep.equal(IMAGE_COMMAND);
    expect(image.user).to.equal("node");
    expect(final?.instructions.some((i) => i.keyword === "ENTRYPOINT")).to.equal(false);
    expect(final?.instructions.find((i) => i.keyword === "STOPSIGNAL")?.args).to.equal("SIGTERM");
  });

  it("exposes the port it configures, which is the gateway's default", () => {
    expect(image.port).to.equal(8080);
    expect(image.env.GATEWAY_PORT).to.equal(String(image.port));
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "gateway.example.json"), "utf8")).port).to.equal(
      image.port,
    );
    expect(image.env.GATEWAY_HOST, "reachable from outside the container").to.equal("0.0.0.0");
  });

  it("keeps node_modules, builds, the local config and git out of the build context", () => {
    const ignored = fs
      .readFileSync(path.join(ROOT, "deploy", "Dockerfile.dockerignore"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(ignored).to.include.members(["node_modules", "build", "dist", "gateway.json", ".git"]);
  });

  describe("its run, reproduced", function () {
    this.timeout(30_000);
    let cognigy: FakeCognigy;
    before(async () => {
      cognigy = await startFakeCognigy();
    });
    after(async () => cognigy?.close());

    it("CMD with the image's ENV answers /health; the HEALTHCHECK command passes, and fails with no gateway", async () => {
      const env: Record<string, string> = {
        RCE_API_ACCESS_TOKEN: SECRETS.apiAccessToken,
        RCE_REALTIME_ACCESS_TOKEN: SECRETS.realtimeAccessToken,
        RCE_WEBHOOK_SECRET: SECRETS.webhookSecret,
        RCE_BOT_CATEGORY_ID: String(validConnection().botCategoryId),
        RCE_AGENT_CATEGORY_ID: String(validConnection().agentCategoryId),
        RCE_REALTIME_ENDPOINT_URL: String(validConnection().realtimeEndpointUrl),
        RCE_BASE_API_URL: String(validConnection().baseApiUrl),
        GATEWAY_VERIFY_TOKEN: VERIFY_TOKEN,
        COGNIGY_ENDPOINT_URL: cognigy.url,
        GATEWAY_LOG_LEVEL: "warn",
      };
      const gateway = await runLikeTheImage(env);
      try {
        expect(fs.readdirSync(gateway.dir)).to.deep.equal(["gateway.js"]);
        expect(image.healthcheck.options).to.match(/--interval=\d+s --timeout=\d+s/);
        expect(await healthcheck(Number(new URL(gateway.origin).port)), "HEALTHCHECK, gateway up").to.equal(
          0,
        );
      } finally {
        expect(await gateway.stop(), "SIGTERM: exit 0").to.equal(0);
      }
      expect(await healthcheck(await freePort()), "HEALTHCHECK, nothing listening").to.equal(1);
    });
  });
});
