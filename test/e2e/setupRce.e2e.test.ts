/**
 * scripts/setup-rce.ts as an admin runs it (a child process, tsx) against a fresh tenant in the RCE
 * simulator and the real gateway: the plan, --apply, the gateway started with the file it wrote, a
 * second --apply that switches the webhook on, and a last run that plans 0 changes. Never a secret on
 * stdout or stderr.
 */

import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parseGatewayConfig } from "../../src/gateway/config";
import { silentLogger } from "../../src/gateway/log";
import { type Gateway, startGateway } from "../../src/gateway/server";
import { startFreshTenant } from "../setup/tenant";
import type { RceSimulator } from "../simulator";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { freePort } from "../support/ports";

const ROOT = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(ROOT, "scripts", "setup-rce.ts");
const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith("RCE_") && !key.startsWith("GATEWAY_")) base[key] = value;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX_CLI, SCRIPT, ...args],
      { env: { ...base, ...env }, cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("scripts/setup-rce.ts against a fresh RCE tenant and the real gateway", function () {
  this.timeout(90_000);
  let sim: RceSimulator;
  let cognigy: FakeCognigy;
  let gateway: Gateway | undefined;
  let dir: string;
  before(async () => {
    sim = await startFreshTenant();
    cognigy = await startFakeCognigy();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "setup-rce-"));
  });
  after(async () => {
    await gateway?.close(100);
    await Promise.all([sim.close(), cognigy.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("plans, applies, starts the gateway from its file, switches the webhook on, then plans 0 changes", async () => {
    const port = await freePort();
    const input = path.join(dir, "rce.json");
    const out = path.join(dir, "gateway.json");
    fs.writeFileSync(
      input,
      JSON.stringify({
        apiAccessToken: sim.defaults.apiAccessToken,
        realtimeAccessToken: sim.defaults.realtimeAccessToken,
        realtimeEndpointUrl: sim.realtimeEndpointUrl,
        baseApiUrl: sim.baseApiUrl,
        gatewayUrl: `http://127.0.0.1:${port}`,
      }),
    );
    const agents = `${sim.defaults.agentUserId},${sim.defaults.secondAgentUserId}`;
    const runs: CliRun[] = [];
    const run = async (...args: string[]) => {
      const result = await runCli([input, "--out", out, ...args]);
      runs.push(result);
      return result;
    };

    const plan = await run("--agents", agents);
    expect(plan.code, plan.stderr).to.equal(0);
    expect(plan.stdout).to.include("RCE setup plan: 9 change(s), 0 already right").and.include("--apply");
    expect(fs.existsSync(out)).to.equal(false);

    // The webhook waits for the gateway: --apply is not done, and says so in its exit code.
    const first = await run("--apply", "--agents", agents);
    expect(first.code, first.stdout + first.stderr).to.equal(1);
    expect(first.stdout)
      .to.match(
        /fail +Webhook for this gateway \(step 5\): The webhook for http:\/\/127\.0\.0\.1:\d+\/handover\/rce .* is inactive/,
      )
      .and.include("Not done yet (exit code 1): 1 step(s) waiting, the setup check reports a fail");
    expect(first.stdout)
      .to.include("RCE setup: 8 change(s) made, 0 already right, 1 waiting")
      .and.include("RCE setup check:");
    expect(first.stdout).to.match(/waiting +step 5 +Webhook/);
    expect(first.stdout).to.include("Left by hand:").and.include('"Controlled identity"');
    expect(fs.statSync(out).mode & 0o777).to.equal(0o600);
    const written = JSON.parse(fs.readFileSync(out, "utf8")) as Record<string, string>;
    const bot = [...sim.store.categories.values()].find((c) => c.name === "Bot");
    expect(written).to.include({
      apiAccessToken: sim.defaults.apiAccessToken,
      realtimeAccessToken: sim.defaults.realtimeAccessToken,
      botCategoryId: bot?.id,
    });
    expect(written.webhookSecret).to.have.length.of.at.least(32);
    expect(written.verifyToken).to.have.length.of.at.least(32);

    // The admin adds the Cognigy endpoint and starts the gateway with the file.
    const config = parseGatewayConfig({
      ...written,
      cognigyEndpointUrl: cognigy.url,
      host: "127.0.0.1",
      port,
    });
    gateway = await startGateway(config, { log: silentLogger });

    // Everything the API can do is done; the setup check still fails on what is left by hand.
    const second = await run("--apply", "--agents", agents);
    expect(second.code, second.stdout + second.stderr).to.equal(1);
    expect(second.stdout)
      .to.match(/fail +Agents with the Agent category/)
      .and.include("Not done yet (exit code 1): the setup check reports a fail;")
      .and.not.include("waiting");
    expect(second.stdout).to.match(/done +step 5 +Webhook .*switch it on/);
    await sim.settle();
    const webhook = [...sim.store.webhooks.values()][0];
    expect(webhook).to.include({ active: true, webhook_status: "ok" });
    for (const check of [
      "Bot and Agent categories",
      "SDK source",
      "Realtime Access Token and Realtime Endpoint URL",
      "Webhook for the handover's events",
      "Webhook for this gateway",
    ]) {
      expect(second.stdout).to.match(new RegExp(`pass +${check}`));
    }

    // The admin does steps 7 and 8 by hand (README "Left by hand"); then --apply is done: exit 0.
    const agentCategory = [...sim.store.categories.values()].find((c) => c.name === "Agent")?.id ?? "";
    for (const id of [sim.defaults.agentUserId, sim.defaults.secondAgentUserId]) {
      const user = sim.store.users.get(id);
      if (user) user.category_ids = [...new Set([...user.category_ids, agentCategory])];
    }
    sim.controlIdentity("cognigy-bot", []);
    sim.controlIdentity("cognigy-agent", [sim.defaults.agentUserId, sim.defaults.secondAgentUserId]);
    const third = await run("--apply", "--agents", agents);
    expect(third.code, third.stdout + third.stderr).to.equal(0);
    expect(third.stdout)
      .to.match(/RCE setup check: \d+ pass, 0 fail/)
      .and.not.include("Not done yet");

    const last = await run("--agents", agents);
    expect(last.code).to.equal(0);
    expect(last.stdout).to.include("RCE setup plan: 0 change(s), 9 already right");

    const secrets = [
      sim.defaults.apiAccessToken,
      sim.defaults.realtimeAccessToken,
      written.webhookSecret,
      written.verifyToken,
    ];
    for (const r of runs) for (const secret of secrets) expect(r.stdout + r.stderr).not.to.include(secret);
  });

  it("exits 2 naming what is missing, and prints secrets only with --show-secrets", async () => {
    const missing = await runCli(["--out", path.join(dir, "none.json")], {
      RCE_API_ACCESS_TOKEN: sim.defaults.apiAccessToken,
    });
    expect(missing.code).to.equal(2);
    expect(missing.stderr)
      .to.include("realtimeEndpointUrl is missing (environment RCE_REALTIME_ENDPOINT_URL)")
      .and.include("realtimeAccessToken is missing (environment RCE_REALTIME_ACCESS_TOKEN)")
      .and.include("Gateway URL is empty")
      .and.not.include(sim.defaults.apiAccessToken);
    const env = {
      RCE_API_ACCESS_TOKEN: sim.defaults.apiAccessToken,
      RCE_REALTIME_ACCESS_TOKEN: sim.defaults.realtimeAccessToken,
      RCE_REALTIME_ENDPOINT_URL: sim.realtimeEndpointUrl,
      RCE_BASE_API_URL: sim.baseApiUrl,
    };
    const typoFile = path.join(dir, "typo.json");
    fs.writeFileSync(
      typoFile,
      JSON.stringify({ apiAccesToken: sim.defaults.apiAccessToken, verifyToken: "cognigy123" }),
    );
    const typo = await runCli([typoFile, "--out", path.join(dir, "none.json")]);
    expect(typo.code).to.equal(2);
    expect(typo.stderr)
      .to.include('unknown key "apiAccesToken" (did you mean "apiAccessToken"?)')
      .and.include("verifyToken (environment GATEWAY_VERIFY_TOKEN) is a known default")
      .and.include("realtimeEndpointUrl is missing")
      .and.not.include(sim.defaults.apiAccessToken);
    const noGateway = await runCli(["--out", path.join(dir, "none.json")], env);
    expect(noGateway.code).to.equal(2);
    expect(noGateway.stderr).to.include("Gateway URL");
    const shown = await runCli(
      ["--out", path.join(dir, "none.json"), "--show-secrets", "--gateway-url", "http://127.0.0.1:9"],
      env,
    );
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stdout).to.include(sim.defaults.apiAccessToken);
    const help = await runCli(["--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include("--apply").and.include("--agents");
  });

  it("setup-rce.example.json: every placeholder refused and named, as the gateway's example; a missing file names the example", async () => {
    const example = path.join(ROOT, "setup-rce.example.json");
    const keys = Object.keys(JSON.parse(fs.readFileSync(example, "utf8")) as object);
    expect(keys).to.have.members([
      "apiAccessToken",
      "realtimeEndpointUrl",
      "realtimeAccessToken",
      "gatewayUrl",
    ]);
    const before = sim.requests.length;
    const run = await runCli([example, "--out", path.join(dir, "none.json")]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include(`The input has ${keys.length} problems`);
    for (const key of keys)
      expect(run.stderr).to.match(new RegExp(`- ${key} \\(environment [A-Z_]+\\) is still a placeholder`));
    expect(sim.requests.length, "no request to RCE").to.equal(before);
    const missing = await runCli([path.join(dir, "rce.json.missing")]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include("(ENOENT). Copy setup-rce.example.json");
  });
});
