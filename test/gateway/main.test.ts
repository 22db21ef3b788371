import { execFile } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

/** The built file production runs (`npm test` builds it first). */
const GATEWAY = path.resolve(__dirname, "..", "..", "dist", "gateway.js");

function start(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [GATEWAY, ...args],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 15_000 },
      (error, _stdout, stderr) => {
        resolve({ code: error && typeof error.code === "number" ? error.code : 0, stderr });
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

  it("a missing configuration file says how to make one", async () => {
    const { code, stderr } = await start(ENV, ["--config", "/nonexistent/gateway.json"]);
    expect(code).to.equal(2);
    expect(stderr).to.contain("Copy gateway.example.json");
  });
});
