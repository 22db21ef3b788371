import { execFile } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import { GATEWAY_FILE_OPTIONS } from "../../src/gateway/config";

/** The built file production runs (`npm test` builds it first). */
const GATEWAY = path.resolve(__dirname, "..", "..", "dist", "gateway.js");

function start(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [GATEWAY, ...args],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 15_000 },
      (error, stdout, stderr) => {
        resolve({ code: error && typeof error.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}

const ENV = {
  RCE_API_ACCESS_TOKEN: "apiTok3n-0123456789abcdef",
  RCE_BOT_CATEGORY_ID: "bot1",
  RCE_AGENT_CATEGORY_ID: "agent1",
  RCE_REALTIME_ACCESS_TOKEN: "rtTok3n-0123456789abcdef",
  RCE_REALTIME_ENDPOINT_URL: "https://acme.engagement.dimelo.com/realtime/sdk/abc123",
  RCE_WEBHOOK_SECRET: "whS3cret-0123456789",
  RCE_BASE_API_URL: "acme.api.engagement.dimelo.com",
  COGNIGY_ENDPOINT_URL: "https://endpoint.example.com",
};

describe("gateway/main: start-up", function () {
  this.timeout(20_000);

  it("refuses to start without a Verification Token, naming what is missing and its variable, and exits 2", async () => {
    const { code, stderr } = await start(ENV);
    expect(code).to.equal(2);
    expect(stderr).to.contain("verifyToken is missing (environment GATEWAY_VERIFY_TOKEN)");
    expect(stderr).to.not.contain("apiTok3n-0123456789abcdef");
  });

  it("refuses unchecked values from the environment and a bad % escape with exit 2, all named at once", async () => {
    const { code, stderr } = await start({
      ...ENV,
      GATEWAY_VERIFY_TOKEN: "vT0ken-3f9c2a71d8e4b605",
      GATEWAY_DRAIN_MS: "abc",
      GATEWAY_NOT_READY_MS: "-5",
      GATEWAY_AGENT_ATTACHMENTS: "yes",
      GATEWAY_PATH: "/health",
      COGNIGY_ENDPOINT_URL: "https://relay:pa%zz-w0rd-1@endpoint.example.com",
      GATEWAY_REDIS_URL: "redis://:pa%zz-w0rd-2@127.0.0.1:6379",
    });
    expect(code).to.equal(2);
    expect(stderr)
      .to.contain("6 problems")
      .and.contain("GATEWAY_DRAIN_MS (file key drainMs) must be an integer from 0 to 600000")
      .and.contain("GATEWAY_NOT_READY_MS (file key notReadyMs) must be an integer")
      .and.contain("GATEWAY_AGENT_ATTACHMENTS (file key agentAttachments) must be true or false")
      .and.contain("GATEWAY_PATH (file key path) must not be /health")
      .and.contain("COGNIGY_ENDPOINT_URL (file key cognigyEndpointUrl) has a bad % escape")
      .and.contain("GATEWAY_REDIS_URL (file key redisUrl) has a bad % escape")
      .and.not.contain("URI malformed")
      .and.not.contain("pa%zz-w0rd");
  });

  it("refuses a known default Verification Token or one equal to the Webhook Secret, naming both variables", async () => {
    const known = await start({ ...ENV, GATEWAY_VERIFY_TOKEN: "cognigy123" });
    expect(known.code).to.equal(2);
    expect(known.stderr).to.contain("GATEWAY_VERIFY_TOKEN (file key verifyToken) is a known default");
    const same = await start({ ...ENV, GATEWAY_VERIFY_TOKEN: ENV.RCE_WEBHOOK_SECRET });
    expect(same.code).to.equal(2);
    expect(same.stderr)
      .to.contain(
        "GATEWAY_VERIFY_TOKEN (file key verifyToken) equals RCE_WEBHOOK_SECRET (file key webhookSecret)",
      )
      .and.not.contain(ENV.RCE_WEBHOOK_SECRET);
  });

  it("a missing configuration file says how to make one", async () => {
    const { code, stderr } = await start(ENV, ["--config", "/nonexistent/gateway.json"]);
    expect(code).to.equal(2);
    expect(stderr).to.contain("Copy gateway.example.json");
  });

  it("--help prints the usage: the file or the environment, and every key of the options table with its variable; exits 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const { code, stdout, stderr } = await start({}, [flag]);
      expect(code, stderr).to.equal(0);
      expect(stdout).to.match(/^Usage: node dist\/gateway\.js \[--config gateway\.json/);
      expect(stdout).to.contain("gateway.example.json").and.contain("environment");
      for (const [key, row] of Object.entries(GATEWAY_FILE_OPTIONS))
        expect(stdout, key).to.match(new RegExp(`^  ${key} +${row.env}\\b`, "m"));
      expect(stdout, "markdown made plain").to.not.match(/`|\*\*[A-Za-z]|\]\(#/);
    }
  });

  it("an unknown option is refused with exit 2 and a pointer to --help", async () => {
    const { code, stderr } = await start(ENV, ["--verbose"]);
    expect(code).to.equal(2);
    expect(stderr).to.contain("'--verbose'").and.contain("See --help");
  });
});
