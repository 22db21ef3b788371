/**
 * Partial failures: what RCE refuses stops nothing else, every failure says what to do, the exit
 * code says it, and nothing already right is touched. Writes that could duplicate are not retried.
 */
import { expect } from "chai";
import { exitCodeOf } from "../../src/setup/setup";
import type { RceSimulator } from "../simulator";
import { type FakeGateway, runner, startFakeGateway, startFreshTenant, summary } from "./tenant";

describe("setup-rce (src/setup): partial failures", () => {
  let sim: RceSimulator;
  let gateway: FakeGateway;
  beforeEach(async () => {
    sim = await startFreshTenant();
    gateway = await startFakeGateway();
  });
  afterEach(async () => {
    await Promise.all([sim.close(), gateway.close()]);
  });

  it("403 on webhooks: the webhook fails with the values to enter by hand, everything else is done", async () => {
    sim.faults.failWith("GET", "/webhooks", 403, { message: "You are not allowed to manage webhooks" });
    const result = await runner(sim, gateway).run({ apply: true });
    const webhook = result.items.find((i) => i.step === 5);
    expect(webhook?.status).to.equal("failed");
    expect(webhook?.detail).to.include("403").and.include("not allowed");
    expect(webhook?.fix)
      .to.include("Admin > Webhooks")
      .and.include("gateway.json")
      .and.include("intervention.closed")
      .and.include("task.undelivered");
    expect(result.counts).to.include({ done: 8, failed: 1 });
    expect(exitCodeOf(result)).to.equal(1);
    expect(sim.countRequests("POST", "/1.0/webhooks")).to.equal(0);
  });

  it("a category name taken under another parent: that category fails with what to rename, the rest goes on", async () => {
    const sales = sim.store.createCategory({ name: "Sales" });
    const taken = sim.store.createCategory({ name: "Bot", parent_id: sales.id });
    const setup = runner(sim, gateway);
    const plan = await setup.run();
    const planned = plan.items.find((i) => i.what === 'Category "Bot" under "Cognigy"');
    expect(planned?.status).to.equal("change");
    expect(planned?.detail).to.include('exists under "Sales"');

    const result = await setup.run({ apply: true });
    expect(summary(result).slice(0, 4)).to.deep.equal([
      'done 2 Category "Cognigy" (top level)',
      'failed 2 Category "Bot" under "Cognigy"',
      'done 2 Category "Agent" under "Cognigy"',
      'blocked 3 Default category of source "Cognigy SDK"',
    ]);
    const bot = result.items[1];
    expect(bot.detail).to.include("422");
    expect(bot.fix).to.include('under "Sales"').and.include(taken.id).and.include("rename");
    expect(result.items.filter((i) => i.step > 3).map((i) => i.status)).to.deep.equal([
      "done",
      "done",
      "done",
      "done",
      "done",
    ]);
    expect(exitCodeOf(result)).to.equal(1);
    expect(result.botCategoryId).to.equal(undefined);
    expect(sim.store.categories.get(taken.id)?.parent_id).to.equal(sales.id);

    // Renamed by the admin: the next run makes only what is missing.
    taken.name = "Sales bot";
    const fixed = await setup.run({ apply: true });
    expect(summary(fixed).filter((s) => !s.startsWith("ok"))).to.deep.equal([
      'done 2 Category "Bot" under "Cognigy"',
      'done 3 Default category of source "Cognigy SDK"',
    ]);
    expect(exitCodeOf(fixed)).to.equal(0);
  });

  it("403 on sources_permissions: each agent fails with the way to do it by hand, the rest is done", async () => {
    sim.setViewUsers(sim.defaults.agentUserId, false);
    const result = await runner(sim, gateway).run({ apply: true });
    const step4 = result.items.filter((i) => i.step === 4);
    expect(step4.map((i) => i.status)).to.deep.equal(["failed", "failed"]);
    expect(step4[0].detail).to.include("403");
    expect(step4[0].fix).to.include("key icon");
    expect(result.counts).to.include({ done: 7, failed: 2 });
    expect(exitCodeOf(result)).to.equal(1);
    expect(sim.findRequests("PUT", /sources_permissions/)).to.have.length(0);
  });

  it("an unknown agent id fails alone", async () => {
    const result = await runner(sim, gateway, { agents: ["nobody-1", sim.defaults.secondAgentUserId] }).run({
      apply: true,
    });
    expect(result.items.filter((i) => i.step === 4).map((i) => i.status)).to.deep.equal(["failed", "done"]);
    expect(result.items.find((i) => i.status === "failed")?.fix).to.include("--agents");
  });

  it("a POST that fails ambiguously (503) is not repeated; a 503 on a PUT is", async () => {
    sim.faults.failWith("POST", "/categories", 503, { times: 1 });
    sim.faults.failWith("PUT", /sources_permissions/, 503, { times: 1 });
    const result = await runner(sim, gateway).run({ apply: true });
    expect(sim.countRequests("POST", "/1.0/categories")).to.equal(1);
    expect(result.items[0]).to.include({ status: "failed" });
    expect(result.items[0].detail).to.include("503");
    expect(result.items.filter((i) => i.step === 4).map((i) => i.status)).to.deep.equal(["done", "done"]);
    expect(exitCodeOf(result)).to.equal(1);
  });

  it("no source behind the Realtime Endpoint URL: step 3 fails with what to create", async () => {
    sim.store.sources.delete(sim.defaults.sourceId);
    const result = await runner(sim, gateway).run();
    const source = result.items.find((i) => i.step === 3);
    expect(source?.status).to.equal("failed");
    expect(source?.fix).to.include("Source SDK source");
  });
});
