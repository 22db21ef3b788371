/**
 * scripts/check-setup.ts as an admin runs it: a child process (tsx) against the RCE simulator, with
 * the settings in environment variables or a JSON file. Exit codes 0 / 1 / 2, the node's lines, and
 * never a secret on stdout or stderr.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { SETTING_ENV_NAMES, type SettingField } from "../../src/engage/settings";
import { secretValues, startWorld, type World } from "../support/e2e";

const ROOT = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(ROOT, "scripts", "check-setup.ts");
const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous on purpose: the simulator answers from this process's event loop. */
function runCli(args: string[], settingsEnv: Record<string, string> = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("RCE_")) env[key] = value;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX_CLI, SCRIPT, ...args],
      { env: { ...env, ...settingsEnv }, cwd: ROOT, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function envFor(connection: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(connection).map(([field, value]) => [SETTING_ENV_NAMES[field as SettingField], value]),
  );
}

describe("scripts/check-setup.ts against the RCE simulator", () => {
  let world: World;
  let tempDir: string | undefined;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  });

  function expectNoSecrets(run: CliRun, connection: Record<string, string> = world.connection): void {
    const printed = run.stdout + run.stderr;
    for (const secret of [...secretValues(connection), world.sim.defaults.webhookVerifyToken]) {
      expect(printed, "a secret was printed").to.not.contain(secret);
    }
    expect(printed, "a signature was printed").to.not.match(/[0-9a-f]{128}/i);
  }

  it("exits 0 and prints the node's lines when every check passes (settings from the environment)", async () => {
    const run = await runCli([], envFor(world.connection));
    expect(run.code, run.stderr).to.equal(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).to.equal("RCE setup check: 8 pass, 0 fail, 6 cannot check.");
    expect(lines.filter((l) => l.startsWith("pass "))).to.have.length(8);
    expect(lines.filter((l) => l.startsWith("cannot check "))).to.have.length(6);
    expect(run.stderr).to.equal("");
    expectNoSecrets(run);
  });

  it("exits 1 when a check fails, naming the step that fixes it", async () => {
    world.sim.store.webhooks.delete(world.sim.defaults.webhookId);
    const run = await runCli([], envFor(world.connection));
    expect(run.code).to.equal(1);
    expect(run.stdout).to.match(/^fail +Webhook for the handover's events \(step 5\): .* Fix \(step 5\): /m);
    expectNoSecrets(run);
  });

  it("reads the settings from a JSON file given as argument", async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "rce-check-"));
    const file = path.join(tempDir, "settings.json");
    const connection = { ...world.connection, realtimeAccessToken: "not-the-source-token-789" };
    fs.writeFileSync(file, JSON.stringify(connection));
    const run = await runCli([file], envFor(world.connection));
    expect(run.code).to.equal(1);
    expect(run.stdout).to.match(/^fail +Realtime Access Token .*Invalid signature/m);
    expectNoSecrets(run, connection);
  });

  it("exits 2 without settings, saying how to give them (file or RCE_* variables)", async () => {
    const run = await runCli([]);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal("");
    expect(run.stderr)
      .to.contain("No settings given")
      .and.contain("RCE_API_ACCESS_TOKEN")
      .and.contain("baseApiUrl");
  });

  it("names every missing field when only some are given", async () => {
    const run = await runCli([], { RCE_BOT_CATEGORY_ID: world.connection.botCategoryId });
    expect(run.code).to.equal(2);
    expect(run.stderr)
      .to.contain("apiAccessToken is missing (environment RCE_API_ACCESS_TOKEN)")
      .and.contain("baseApiUrl is missing (environment RCE_BASE_API_URL)")
      .and.contain("6 problems");
  });

  it("takes --config like the gateway, shows the npm command in --help, refuses unknown flags", async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "rce-check-"));
    const file = path.join(tempDir, "settings.json");
    fs.writeFileSync(file, JSON.stringify(world.connection));
    const viaConfig = await runCli(["--config", file]);
    expect(viaConfig.code, viaConfig.stderr).to.equal(0);
    const help = await runCli(["--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout)
      .to.contain("npm run check-setup -- [--config settings.json")
      .and.contain("RCE_BASE_API_URL");
    const unknown = await runCli(["--confg", file]);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain("--confg");
  });

  it("a settings file with five mistakes reports the five at once, named by file key, before any request", async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "rce-check-"));
    const file = path.join(tempDir, "settings.json");
    const { apiAccessToken, ...rest } = world.connection;
    fs.writeFileSync(
      file,
      `\ufeff${JSON.stringify({
        ...rest,
        apiAccesToken: apiAccessToken,
        botCategoryId: "Bot category",
        realtimeEndpointUrl: "https://acme.engagement.dimelo.com/realtime",
        webhookSecret: "<the webhook's Secret (step 5)>",
        baseApiUrl: 42,
      })}`,
    );
    const run = await runCli([file]);
    expect(run.code).to.equal(2);
    expect(run.stderr)
      .to.contain("6 problems") // the typo'd key leaves apiAccessToken missing: named too
      .and.contain('unknown key "apiAccesToken" (did you mean "apiAccessToken"?)')
      .and.contain("apiAccessToken is missing (environment RCE_API_ACCESS_TOKEN)")
      .and.contain("botCategoryId (environment RCE_BOT_CATEGORY_ID) must be the id")
      .and.contain("realtimeEndpointUrl (environment RCE_REALTIME_ENDPOINT_URL) must look like")
      .and.contain("webhookSecret (environment RCE_WEBHOOK_SECRET) is still a placeholder")
      .and.contain("baseApiUrl (environment RCE_BASE_API_URL) must be text, not 42");
    expect(world.sim.requests).to.have.length(0);
    expectNoSecrets(run);
  });

  it("takes the gateway's own file: its other keys are known, not refused", async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "rce-check-"));
    const file = path.join(tempDir, "gateway.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ ...world.connection, verifyToken: "x", port: 8080, logLevel: "info" }),
    );
    const run = await runCli([file]);
    expect(run.stderr).to.not.contain("unknown key");
    expect(run.code, run.stderr).to.not.equal(2);
  });

  it("exits 2 when Bot and Agent Category ID are the same, before any request", async () => {
    const connection = { ...world.connection, agentCategoryId: world.connection.botCategoryId };
    const run = await runCli([], envFor(connection));
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain(
      "RCE_BOT_CATEGORY_ID (file key botCategoryId) and RCE_AGENT_CATEGORY_ID (file key agentCategoryId) are the same",
    );
    expect(world.sim.requests).to.have.length(0);
    expectNoSecrets(run);
  });

  it("exits 2 on an unreadable settings file without quoting it", async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "rce-check-"));
    const file = path.join(tempDir, "broken.json");
    fs.writeFileSync(file, `{"apiAccessToken": "${world.connection.apiAccessToken}",`);
    const run = await runCli([file]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain("not valid JSON");
    expectNoSecrets(run);
    fs.writeFileSync(file, `{\n  "apiAccessToken": "${world.connection.apiAccessToken}"\n  "b": 1\n}`);
    const located = await runCli([file]);
    expect(located.stderr).to.contain("at line 3, column 3");
    expectNoSecrets(located);
  });

  it("check-setup.example.json: every placeholder refused and named, as the gateway's example; a missing file names the example", async () => {
    const example = path.join(ROOT, "check-setup.example.json");
    const keys = Object.keys(JSON.parse(fs.readFileSync(example, "utf8")) as object);
    expect(keys).to.have.members(Object.keys(SETTING_ENV_NAMES));
    const run = await runCli([example]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include(`has ${keys.length} problems`);
    for (const key of keys)
      expect(run.stderr).to.include(
        `- ${key} (environment ${SETTING_ENV_NAMES[key as SettingField]}) is still a placeholder`,
      );
    const missing = await runCli(["--config", path.join(os.tmpdir(), "no-such-dir", "settings.json")]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include("(ENOENT). Copy check-setup.example.json");
    const help = await runCli(["--help"]);
    expect(help.stdout).to.include("check-setup.example.json");
  });
});
