/**
 * src/setup against the RCE simulator, step by step: a fresh tenant's plan, the changes --apply
 * makes, a second run that plans nothing, and what it keeps (other permissions, other default
 * categories, other webhooks).
 */

import { expect } from "chai";
import { CONSUMED_WEBHOOK_EVENT_TYPES } from "../../src/engage/webhookEvents";
import { exitCodeOf } from "../../src/setup/setup";
import type { RceSimulator } from "../simulator";
import { type FakeGateway, notReady, runner, startFakeGateway, startFreshTenant, summary } from "./tenant";

describe("setup-rce (src/setup) against a fresh RCE tenant", () => {
  let sim: RceSimulator;
  let gateway: FakeGateway;
  let WEBHOOK_URL: string;
  beforeEach(async () => {
    sim = await startFreshTenant();
    gateway = await startFakeGateway();
    WEBHOOK_URL = gateway.webhookUrl;
  });
  afterEach(async () => {
    await Promise.all([sim.close(), gateway.close()]);
  });

  const category = (name: string) => [...sim.store.categories.values()].find((c) => c.name === name);

  it("plans every change and changes nothing: reads only", async () => {
    const result = await runner(sim, gateway).run();
    expect(result.mode).to.equal("plan");
    expect(summary(result)).to.deep.equal([
      'change 2 Category "Cognigy" (top level)',
      'change 2 Category "Bot" under "Cognigy"',
      'change 2 Category "Agent" under "Cognigy"',
      `change 3 Default category of source "Cognigy SDK"`,
      `change 4 Read and reply of Cognigy Integration (${sim.defaults.agentUserId}) on source ${sim.defaults.sourceId}`,
      `change 4 Read and reply of Alice Martin (${sim.defaults.secondAgentUserId}) on source ${sim.defaults.sourceId}`,
      `change 5 Webhook ${WEBHOOK_URL}`,
      'change 7 Bot identity "Bot" (cognigy-bot)',
      'change 7 Agent identity "Agent" (cognigy-agent)',
    ]);
    expect(result.counts.change).to.equal(9);
    expect(exitCodeOf(result)).to.equal(0);
    expect(sim.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).to.deep.equal(
      [],
    );
    expect(sim.store.categories.size).to.equal(0);
  });

  it("--apply makes each change; a second run plans 0 changes", async () => {
    const setup = runner(sim, gateway);
    const applied = await setup.run({ apply: true });
    expect(applied.counts).to.include({ done: 9, failed: 0, blocked: 0, change: 0 });
    expect(exitCodeOf(applied)).to.equal(0);

    const parent = category("Cognigy");
    const bot = category("Bot");
    const agent = category("Agent");
    expect(parent?.parent_id).to.equal(null);
    expect(bot?.parent_id).to.equal(parent?.id);
    expect(agent?.parent_id).to.equal(parent?.id);
    expect(applied.botCategoryId).to.equal(bot?.id);
    expect(applied.agentCategoryId).to.equal(agent?.id);
    expect(sim.store.sources.get(sim.defaults.sourceId)?.default_category_ids).to.deep.equal([bot?.id]);
    for (const id of [sim.defaults.agentUserId, sim.defaults.secondAgentUserId]) {
      expect(sim.store.permissionsOf(id)[sim.defaults.sourceId]).to.have.members(["read", "reply"]);
    }
    const webhooks = [...sim.store.webhooks.values()];
    expect(webhooks).to.have.length(1);
    expect(webhooks[0]).to.include({
      url: WEBHOOK_URL,
      active: true,
      verify_token: setup.secrets.verifyToken,
    });
    expect(webhooks[0].registered_events).to.deep.equal([...CONSUMED_WEBHOOK_EVENT_TYPES]);
    expect(sim.store.webhookMeta.get(webhooks[0].id)?.secret).to.equal(setup.secrets.webhookSecret);
    expect(sim.sdkUsers.map((u) => [u.foreignId, u.puppetizable])).to.have.deep.members([
      ["cognigy-bot", true],
      ["cognigy-agent", true],
    ]);
    // The POSTs were sent once each (never retried).
    expect(sim.countRequests("POST", "/1.0/categories")).to.equal(3);
    expect(sim.countRequests("POST", "/1.0/webhooks")).to.equal(1);

    sim.resetRequests();
    const again = await setup.run();
    expect(again.counts.change, summary(again).join("\n")).to.equal(0);
    expect(again.counts.ok).to.equal(9);
    const applyAgain = await setup.run({ apply: true });
    expect(applyAgain.counts.done).to.equal(0);
    expect(sim.requests.filter((r) => r.method !== "GET")).to.deep.equal([]);
  });

  it("keeps every other permission, other sources' included, and only adds what is missing", async () => {
    const { agentUserId, secondAgentUserId, sourceId } = sim.defaults;
    const other = sim.store.createSource({ community_id: sim.defaults.communityId, name: "Email" });
    sim.store.setPermissions(secondAgentUserId, sourceId, ["read", "approval_threshold_50"]);
    sim.store.setPermissions(secondAgentUserId, other.id, ["read", "destroy"]);
    sim.store.setPermissions(agentUserId, sourceId, ["read", "reply", "reply_with_html"]);
    const result = await runner(sim, gateway).run({ apply: true });
    const items = result.items.filter((i) => i.step === 4);
    expect(items.map((i) => i.status)).to.deep.equal(["ok", "done"]);
    expect(sim.store.permissionsOf(secondAgentUserId)[sourceId]).to.have.members([
      "read",
      "approval_threshold_50",
      "reply",
    ]);
    expect(sim.store.permissionsOf(secondAgentUserId)[other.id]).to.have.members(["read", "destroy"]);
    expect(sim.store.permissionsOf(agentUserId)[sourceId]).to.have.members([
      "read",
      "reply",
      "reply_with_html",
    ]);
    // One PUT, naming this source only.
    const puts = sim.findRequests("PUT", /sources_permissions/);
    expect(puts).to.have.length(1);
    expect(Object.keys(puts[0].query)).to.deep.equal([sourceId]);
  });

  it("without --agents leaves step 4 by hand, naming the agents who hold the Agent category", async () => {
    const setup = runner(sim, gateway, { agents: [] });
    await setup.run({ apply: true });
    const alice = sim.store.users.get(sim.defaults.secondAgentUserId);
    const agentCategory = category("Agent");
    if (alice && agentCategory) alice.category_ids = [agentCategory.id];
    const result = await setup.run();
    const step4 = result.items.filter((i) => i.step === 4);
    expect(step4.map((i) => i.status)).to.deep.equal(["manual"]);
    expect(step4[0].detail).to.include("no way to learn which agent").and.include("Alice Martin");
    expect(step4[0].fix).to.include("--agents");
    expect(exitCodeOf(result)).to.equal(0);
    expect(sim.findRequests("PUT", /sources_permissions/)).to.have.length(0);
  });

  it("sets Bot as the source's default category, keeping other defaults and taking Agent out", async () => {
    const setup = runner(sim, gateway);
    await setup.run({ apply: true });
    const keep = sim.store.createCategory({ name: "Language: English" });
    const source = sim.store.sources.get(sim.defaults.sourceId);
    const agent = category("Agent");
    if (!source || !agent) throw new Error("seed");
    source.default_category_ids = [keep.id, agent.id];
    const result = await setup.run({ apply: true });
    expect(summary(result).filter((s) => s.startsWith("done"))).to.deep.equal([
      'done 3 Default category of source "Cognigy SDK"',
    ]);
    expect(source.default_category_ids).to.deep.equal([keep.id, category("Bot")?.id]);
    expect(source.name).to.equal("Cognigy SDK");
  });

  it("reuses existing categories by name and never touches another webhook", async () => {
    const parent = sim.store.createCategory({ name: "cognigy" });
    const bot = sim.store.createCategory({ name: "Bot", parent_id: parent.id });
    const token = [...sim.store.accessTokens.values()][0];
    const foreign = sim.store.createWebhook(
      { url: "https://crm.example.com/hook", registered_events: ["content.imported"], verify_token: "crm" },
      "crm-secret",
      token.id,
    );
    const before = JSON.stringify(foreign);
    const result = await runner(sim, gateway).run({ apply: true });
    expect(summary(result).slice(0, 3)).to.deep.equal([
      'ok 2 Category "Cognigy" (top level)',
      'ok 2 Category "Bot" under "Cognigy"',
      'done 2 Category "Agent" under "Cognigy"',
    ]);
    expect(result.botCategoryId).to.equal(bot.id);
    expect(JSON.stringify(sim.store.webhooks.get(foreign.id))).to.equal(before);
    expect(sim.store.webhooks.size).to.equal(2);
  });

  it("updates our webhook (same URL) when its token or events differ, keeping its other events", async () => {
    const token = [...sim.store.accessTokens.values()][0];
    const ours = sim.store.createWebhook(
      { url: WEBHOOK_URL, registered_events: ["content.imported"], verify_token: "old", active: false },
      "old-secret",
      token.id,
    );
    const setup = runner(sim, gateway);
    const plan = await setup.run();
    const item = plan.items.find((i) => i.step === 5);
    expect(item?.status).to.equal("change");
    expect(item?.detail)
      .to.include(`Update ${ours.id}`)
      .and.include("intervention.closed")
      .and.include("switch it on");
    await setup.run({ apply: true });
    expect(ours.registered_events).to.deep.equal(["content.imported", ...CONSUMED_WEBHOOK_EVENT_TYPES]);
    expect(ours).to.include({ active: true, verify_token: setup.secrets.verifyToken });
    expect(sim.store.webhookMeta.get(ours.id)?.secret).to.equal(setup.secrets.webhookSecret);
    expect(sim.countRequests("POST", "/1.0/webhooks")).to.equal(0);
  });

  it("a webhook with only intervention.closed (the old step 5) gets the other handover events", async () => {
    const token = [...sim.store.accessTokens.values()][0];
    const setup = runner(sim, gateway);
    const ours = sim.store.createWebhook(
      { url: WEBHOOK_URL, registered_events: ["intervention.closed"], verify_token: "old", active: true },
      "old-secret",
      token.id,
    );
    const missing = CONSUMED_WEBHOOK_EVENT_TYPES.filter((e) => e !== "intervention.closed");
    const plan = await setup.run();
    expect(plan.items.find((i) => i.step === 5)?.detail).to.include(`add ${missing.join(", ")}`);
    await setup.run({ apply: true });
    expect(ours.registered_events).to.deep.equal(["intervention.closed", ...missing]);
    const again = await setup.run();
    expect(again.items.find((i) => i.step === 5)?.status).to.equal("ok");
  });

  it("creates the webhook inactive while the gateway does not answer, and switches it on once it does", async () => {
    const setup = runner(sim, gateway);
    gateway.answering = false;
    const first = await setup.run({ apply: true });
    const item = first.items.find((i) => i.step === 5);
    expect(item?.status).to.equal("waiting");
    expect(item?.fix).to.include("Start the gateway").and.include("--apply");
    expect(exitCodeOf(first), "--apply is not done while the webhook waits").to.equal(1);
    const [webhook] = [...sim.store.webhooks.values()];
    expect(webhook.active).to.equal(false);
    // No verification request was sent for an inactive webhook.
    expect(sim.pushLog.filter((p) => p.kind === "webhook-verify")).to.have.length(0);

    const stillWaiting = await setup.run({ probeGateway: notReady });
    expect(stillWaiting.counts).to.include({ change: 0, waiting: 1 });

    gateway.answering = true;
    const second = await setup.run({ apply: true });
    expect(summary(second).filter((s) => !s.startsWith("ok"))).to.deep.equal([
      `done 5 Webhook ${WEBHOOK_URL}`,
    ]);
    expect(sim.findRequests("PUT", /\/webhooks\//).map((r) => r.query.active)).to.deep.equal(["true"]);
    expect((await setup.run()).counts.change).to.equal(0);
  });
});
