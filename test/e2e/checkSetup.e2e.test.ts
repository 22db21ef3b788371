/**
 * "Check RCE Setup" (built bundle) against the RCE simulator: the all-pass setup, then one test per
 * misconfiguration an admin can make in the eight setup steps. Every run is also checked for
 * Cognigy's limits and for leaked secrets in everything the node outputs.
 */

import { expect } from "chai";
import { CONSUMED_WEBHOOK_EVENT_TYPES } from "../../src/engage/webhookEvents";
import { allText, expectNoViolations, runNode } from "../harness";
import type { HarnessResult } from "../harness/types";
import { builtExtension, builtNode, secretValues, startWorld, type World } from "../support/e2e";
import { freePort } from "../support/ports";

const TYPE = "rceCheckSetup";
const PASSED = "rceCheckSetupOnPassed";
const FAILED = "rceCheckSetupOnFailed";
const ERROR = "rceCheckSetupOnError";

interface StoredCheck {
  id: string;
  status: "pass" | "fail" | "cannot check";
  detail: string;
  steps: number[];
  fix?: { step: number; action: string };
}

interface StoredReport {
  status: "passed" | "failed";
  counts: { pass: number; fail: number; cannotCheck: number };
  checks: StoredCheck[];
  rceRequests: number;
  durationMs: number;
}

const ALWAYS_CANNOT_CHECK = [
  "sourceBaseUri",
  "tokenAgentPermissions",
  "webhookSourceFilter",
  "webhookSecrets",
  "controlledBotIdentity",
  "agentFolder",
];

describe("Check RCE Setup against the RCE simulator (built bundle)", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => world.close());

  const d = () => world.sim.defaults;
  const seeded = <T>(record: T | undefined): T => {
    if (!record) throw new Error("the simulator's seed changed");
    return record;
  };
  const seededSource = () => seeded(world.sim.store.sources.get(d().sourceId));
  const seededWebhook = () => seeded(world.sim.store.webhooks.get(d().webhookId));

  /** Runs the node and asserts what must hold for every run: platform rules kept, no secret shown. */
  async function run(
    connection: Record<string, string> = world.connection,
    config: Record<string, unknown> = {},
  ): Promise<HarnessResult> {
    const result = await runNode(builtNode(TYPE), {
      config: { connection, ...config },
      nodes: builtExtension().nodes,
    });
    expectNoViolations(result);
    const text = allText(result);
    const secrets = [...secretValues(connection), ...secretValues(world.connection), d().webhookVerifyToken];
    for (const secret of secrets) expect(text, "a secret leaked").to.not.contain(secret);
    expect(text, "a signature leaked").to.not.match(/[0-9a-f]{128}/i);
    expect(result.apiCallCount).to.be.at.most(4);
    return result;
  }

  const reportOf = (result: HarnessResult) => result.input.rceSetupCheck as StoredReport;
  const checkOf = (result: HarnessResult, id: string): StoredCheck => {
    const found = reportOf(result).checks.find((c) => c.id === id);
    if (!found) throw new Error(`no check ${id}`);
    return found;
  };
  const said = (result: HarnessResult) => result.outputs.map((o) => o.text ?? "").join("\n");

  /** The single failure of a run, with the step that fixes it. */
  function expectOnlyFailure(result: HarnessResult, id: string, step: number): StoredCheck {
    expect(result.nextNode?.type).to.equal(FAILED);
    const failed = reportOf(result).checks.filter((c) => c.status === "fail");
    expect(failed.map((c) => c.id)).to.deep.equal([id]);
    expect(failed[0].fix?.step).to.equal(step);
    expect(said(result)).to.match(new RegExp(`^fail +.*Fix \\(step ${step}\\)`, "m"));
    return failed[0];
  }

  it("passes a correct setup, says every line once, and writes nothing but the two identities", async () => {
    const result = await run();
    expect(result.nextNode?.type).to.equal(PASSED);
    const report = reportOf(result);
    expect(report.status).to.equal("passed");
    expect(report.counts).to.deep.equal({ pass: 8, fail: 0, cannotCheck: 6 });
    expect(report.checks.filter((c) => c.status === "cannot check").map((c) => c.id)).to.deep.equal(
      ALWAYS_CANNOT_CHECK,
    );
    expect(checkOf(result, "categories").detail).to.contain('Bot "Bot"').and.contain('Agent "Agent"');
    expect(checkOf(result, "source").detail).to.contain('"Cognigy SDK"');
    expect(checkOf(result, "agentCategory").detail).to.contain("Alice Martin");

    const sayCalls = result.apiCalls.filter((c) => c.method === "say");
    expect(sayCalls).to.have.length(1);
    const lines = said(result).split("\n");
    expect(lines[0]).to.equal("RCE setup check: 8 pass, 0 fail, 6 cannot check.");
    expect(lines).to.have.length(1 + report.checks.length);
    expect(lines.slice(1).every((l) => /^(pass|fail|cannot check) +\S/.test(l))).to.equal(true);

    const writes = world.sim.requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => r.path)).to.deep.equal([
      `/realtime/sdk/${d().sourceId}`,
      `/realtime/sdk/${d().sourceId}`,
    ]);
    expect(
      world.sim.sdkUsers.map((u) => [u.foreignId, u.puppetizable]).sort(),
      "users.create of both puppet identities",
    ).to.deep.equal([
      ["cognigy-agent", true],
      ["cognigy-bot", true],
    ]);
    expect(world.sim.typingEvents).to.deep.equal([]);
    expect(checkOf(result, "sourcePermissions").detail).to.contain("1 agent(s) with the Agent category");
    expect(checkOf(result, "identities").detail).to.contain("Alice Martin");
    // 2 users.create, categories ×2, source, users, permissions ×1, webhooks, identities ×2, users?identity_id
    expect(report.rceRequests).to.equal(world.sim.requests.length).and.be.at.most(12);
    expect(world.sim.store.threads.size + world.sim.store.contents.size).to.equal(0);
  });

  it("on a tenant before step 7 creates the Bot and Agent identities itself, then says who must assign them", async () => {
    await world.close();
    world = await startWorld({ controlledIdentities: [] });
    expect(world.sim.identityByForeignId("cognigy-agent")).to.equal(undefined);
    const first = expectOnlyFailure(await run(), "identities", 7);
    expect(first.detail).to.contain("no agent is assigned the Agent identity");
    expect(first.fix?.action).to.contain('"Agent" (cognigy-agent)').and.contain("Controlled identity");
    expect(world.sim.identityByForeignId("cognigy-bot")).to.not.equal(undefined);

    world.sim.controlIdentity("cognigy-agent", [d().secondAgentUserId]);
    const second = await run();
    expect(second.nextNode?.type).to.equal(PASSED);
    expect(world.sim.sdkUsers.filter((u) => u.foreignId === "cognigy-agent")).to.have.length(2);
  });

  it("checks the identities the node names in Advanced", async () => {
    const result = await run(world.connection, { agentUserId: "team-agent", agentName: "Support team" });
    const identities = expectOnlyFailure(result, "identities", 7);
    expect(identities.detail).to.contain('"Support team" (team-agent)');
    expect(world.sim.identityByForeignId("team-agent")).to.not.equal(undefined);
  });

  it("says 'cannot check' for identities RCE has not imported yet, and does not claim a pass", async () => {
    await world.close();
    world = await startWorld({ controlledIdentities: [], importDelayMs: 30_000 });
    const result = await run(world.connection, { timeBudgetMs: 4000 });
    expect(result.nextNode?.type).to.equal(FAILED);
    expect(checkOf(result, "identities").status).to.equal("cannot check");
    expect(checkOf(result, "identities").detail).to.contain("run the check again");
  });

  it("stores in the context when asked", async () => {
    const result = await run(world.connection, { storeLocation: "context", contextKey: "setup.rce" });
    expect(result.context).to.have.nested.property("setup.rce.status", "passed");
  });

  it("fails on a wrong API Access Token (step 1) and skips what needs REST", async () => {
    const result = await run({ ...world.connection, apiAccessToken: "not-the-right-token-123" });
    const api = expectOnlyFailure(result, "api", 1);
    expect(api.detail).to.contain("refused the API Access Token");
    for (const id of ["categories", "source", "sourcePermissions", "agentCategory", "webhook"]) {
      expect(checkOf(result, id).status, id).to.equal("cannot check");
    }
    expect(checkOf(result, "realtimeSignature").status).to.equal("pass");
  });

  it("fails on a Base API URL where nothing answers (step 6), quickly", async () => {
    const port = await freePort();
    const result = await run({ ...world.connection, baseApiUrl: `http://127.0.0.1:${port}` });
    const api = expectOnlyFailure(result, "api", 6);
    expect(api.detail).to.contain("ECONNREFUSED");
    expect(result.durationMs).to.be.below(5000);
  });

  it("fails when the Bot category does not exist (step 2)", async () => {
    world.sim.store.categories.delete(d().botCategoryId);
    const result = await run();
    const categories = expectOnlyFailure(result, "categories", 2);
    expect(categories.detail).to.contain(`Bot Category ID ${d().botCategoryId}`);
    expect(world.sim.countRequests("GET", new RegExp(`/categories/${d().botCategoryId}`))).to.equal(1);
  });

  it("refuses Bot == Agent before any request: On error with the connection's message", async () => {
    const result = await run({ ...world.connection, agentCategoryId: d().botCategoryId });
    expect(result.nextNode?.type).to.equal(ERROR);
    const stored = result.input.rceSetupCheck as { status: string; error: { kind: string; message: string } };
    expect(stored.status).to.equal("error");
    expect(stored.error.kind).to.equal("config");
    expect(stored.error.message).to.contain("Bot Category ID and Agent Category ID are the same");
    expect(world.sim.requests).to.have.length(0);
  });

  it("fails on an inactive source (step 3)", async () => {
    seededSource().active = false;
    const source = expectOnlyFailure(await run(), "source", 3);
    expect(source.detail).to.contain("inactive");
    expect(source.fix?.action).to.contain("switch Active on");
  });

  it("fails when the source's default category is not Bot (step 3)", async () => {
    seededSource().default_category_ids = [d().agentCategoryId];
    const source = expectOnlyFailure(await run(), "source", 3);
    expect(source.detail).to.contain('default category "Agent" instead of Bot');
  });

  it("fails when the source is not a Source SDK source (step 3)", async () => {
    seededSource().type = "email";
    const source = expectOnlyFailure(await run(), "source", 3);
    expect(source.detail).to.contain('type "email"');
  });

  it("fails when the Realtime Endpoint URL names an unknown source (steps 3)", async () => {
    const url = world.connection.realtimeEndpointUrl.replace(d().sourceId, "ffffffffffffffffffffffff");
    const result = await run({ ...world.connection, realtimeEndpointUrl: url });
    expect(checkOf(result, "source").status).to.equal("fail");
    expect(checkOf(result, "realtimeSignature")).to.include({ status: "fail" });
    expect(checkOf(result, "realtimeSignature").detail).to.contain("Source not found");
  });

  it("fails when there is no webhook (step 5), saying RCE lists only this token's webhooks", async () => {
    world.sim.store.webhooks.delete(d().webhookId);
    const webhook = expectOnlyFailure(await run(), "webhook", 5);
    expect(webhook.detail)
      .to.contain("lists no webhook")
      .and.contain("only the webhooks created with this API access token");
  });

  it("does not see a webhook made with another token when the token's agent may not manage tokens (step 5)", async () => {
    world.sim.setManageApiAccessTokens(d().agentUserId, false);
    const other = world.sim.store.createAccessToken(d().secondAgentUserId, "another-token-123", "other");
    seeded(world.sim.store.webhookMeta.get(d().webhookId)).tokenId = other.id;
    const webhook = expectOnlyFailure(await run(), "webhook", 5);
    expect(webhook.fix?.action).to.contain("If it exists under another token");
  });

  it("fails when the webhook is subscribed to none of the handover's events (step 5)", async () => {
    seededWebhook().registered_events = ["content.imported"];
    const webhook = expectOnlyFailure(await run(), "webhook", 5);
    expect(webhook.detail).to.contain("No listed webhook is subscribed to the handover's events");
    expect(webhook.fix?.action).to.contain(CONSUMED_WEBHOOK_EVENT_TYPES.join(", "));
  });

  it("names the events a webhook with only intervention.closed lacks (step 5)", async () => {
    seededWebhook().registered_events = ["intervention.closed"];
    const webhook = expectOnlyFailure(await run(), "webhook", 5);
    const missing = CONSUMED_WEBHOOK_EVENT_TYPES.filter((e) => e !== "intervention.closed");
    expect(webhook.detail).to.contain(`is active but not subscribed to ${missing.join(", ")}`);
    expect(webhook.fix?.action).to.contain("setup-rce");
  });

  it("reads a webhook that has no name, and fails a weak Webhook Secret as the gateway refuses it, without quoting it", async () => {
    delete (seededWebhook() as { name?: string }).name;
    // Not "abc": three hex letters can turn up in a random id of the report.
    const result = await run({ ...world.connection, webhookSecret: "q!z" });
    const webhook = checkOf(result, "webhook");
    expect(webhook.status).to.equal("fail");
    expect(webhook.fix?.step).to.equal(5);
    expect(webhook.detail)
      .to.contain("webhook → http")
      .and.contain("Webhook Secret (webhookSecret, RCE_WEBHOOK_SECRET) has only 3 character(s)")
      .and.contain("refuses to start")
      .and.not.contain("q!z");
  });

  it("fails a weak Verification Token, or one equal to the Secret, when RCE shows it (as the gateway would refuse it)", async () => {
    seededWebhook().verify_token = "cognigy123";
    const weak = checkOf(await run(), "webhook");
    expect(weak.status).to.equal("fail");
    expect(weak.detail)
      .to.contain("Verification Token (verifyToken, GATEWAY_VERIFY_TOKEN) is a known default")
      .and.not.contain('cognigy123"');
    seededWebhook().verify_token = world.connection.webhookSecret;
    const same = checkOf(await run(), "webhook");
    expect(same.status).to.equal("fail");
    expect(same.detail)
      .to.contain("equals the Webhook Secret")
      .and.not.contain(world.connection.webhookSecret);
  });

  it("refuses (On error) a connection whose Webhook Secret is still a placeholder", async () => {
    const result = await run({ ...world.connection, webhookSecret: "<the webhook's Secret (step 5)>" });
    expect(JSON.stringify(result)).to.contain("Webhook Secret is still a placeholder");
  });

  it("fails when the webhook is inactive (step 5)", async () => {
    seededWebhook().active = false;
    const webhook = expectOnlyFailure(await run(), "webhook", 5);
    expect(webhook.detail).to.contain("inactive");
  });

  it("fails on a wrong Realtime Access Token (step 3: Invalid signature)", async () => {
    const result = await run({ ...world.connection, realtimeAccessToken: "not-the-source-token-456" });
    const realtime = expectOnlyFailure(result, "realtimeSignature", 3);
    expect(realtime.detail).to.contain("Invalid signature");
    expect(realtime.fix?.action).to.contain("Realtime Access Token");
  });

  it("fails when an agent holding the Agent category lacks reply on the source (step 4)", async () => {
    world.sim.store.revoke(d().secondAgentUserId, d().sourceId, ["reply"]);
    const permissions = expectOnlyFailure(await run(), "sourcePermissions", 4);
    expect(permissions.detail).to.contain("Alice Martin (no reply)");
    expect(world.sim.countRequests("GET", `/users/${d().secondAgentUserId}/sources_permissions`)).to.equal(1);
  });

  it("says 'cannot check' when the token's agent may not view users' permissions", async () => {
    world.sim.setViewUsers(d().agentUserId, false);
    const result = await run();
    expect(result.nextNode?.type).to.equal(FAILED);
    expect(checkOf(result, "sourcePermissions").status).to.equal("cannot check");
  });

  it("fails when no agent holds the Agent category (steps 4/8)", async () => {
    seeded(world.sim.store.users.get(d().secondAgentUserId)).category_ids = [];
    const agents = expectOnlyFailure(await run(), "agentCategory", 4);
    expect(agents.detail).to.contain('No enabled agent holds the Agent category "Agent"');
  });

  it("says 'cannot check' (not fail) when the token may not read webhooks, and does not claim a pass", async () => {
    world.sim.faults.failWith("GET", /\/webhooks/, 403);
    const result = await run();
    expect(result.nextNode?.type).to.equal(FAILED);
    expect(checkOf(result, "webhook").status).to.equal("cannot check");
    expect(checkOf(result, "webhook").detail).to.contain("403");
  });

  it("keeps within its time budget when RCE hangs, and redacts RCE's own text", async () => {
    world.sim.faults.hang("GET", /\/webhooks/);
    world.sim.faults.failWith("GET", /\/users/, 422, { message: `bad token ${d().apiAccessToken}` });
    const result = await run(world.connection, { timeBudgetMs: 1500 });
    expect(result.durationMs).to.be.below(3000);
    expect(checkOf(result, "webhook").status).to.equal("cannot check");
    expect(checkOf(result, "agentCategory").detail).to.contain("[redacted]");
  });
});
