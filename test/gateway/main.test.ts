import { execFile } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

const TSX_CLI = path.resolve(__dirname, "..", "..", "node_modules", "tsx", "dist", "cli.mjs");
const MAIN = path.resolve(__dirname, "..", "..", "src", "gateway", "main.ts");

function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX_CLI, MAIN],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 15_000 },
      (error, _stdout, stderr) => {
        resolve({ code: error && typeof error.code === "number" ? error.code : 0, stderr });
      },
    );
  });
}

describe("gateway/main: start-up", function () {
  this.timeout(20_000);

  it("refuses to start without a Verification Token, naming what is missing, and exits 2", async () => {
    const { code, stderr } = await start({
      RCE_API_ACCESS_TOKEN: "apiTok3n-0123456789abcdef",
      RCE_BOT_CATEGORY_ID: "bot1",
      RCE_AGENT_CATEGORY_ID: "agent1",
      RCE_REALTIME_ACCESS_TOKEN: "rtTok3n-0123456789abcdef",
      RCE_REALTIME_ENDPOINT_URL: "https://acme.engagement.dimelo.com/realtime/sdk/abc123",
      RCE_WEBHOOK_SECRET: "whS3cret-0123456789",
      RCE_BASE_API_URL: "acme.api.engagement.dimelo.com",
      COGNIGY_ENDPOINT_URL: "https://endpoint.example.com",
    });
    expect(code).to.equal(2);
    expect(stderr).to.contain("verifyToken is missing");
    expect(stderr).to.not.contain("apiTok3n-0123456789abcdef");
  });
});
