/**
 * The closing check's line for this gateway's webhook (src/setup/closing.ts) against the simulator:
 * it fails while the only active webhook is another gateway's (which the setup check itself accepts),
 * while ours is inactive, lacks events or has another Verification Token; it passes once ours is right.
 * And setup-rce's exit code: --apply is not done while a step waits or the closing check fails.
 */
import { expect } from "chai";
import { CONSUMED_WEBHOOK_EVENT_TYPES } from "../../src/engage/webhookEvents";
import { checkWebhookForGateway } from "../../src/setup/closing";
import { exitCodeOf } from "../../src/setup/setup";
import type { SetupResult } from "../../src/setup/types";
import type { RceSimulator } from "../simulator";
import { type FakeGateway, notReady, runner, startFakeGateway, startFreshTenant } from "./tenant";

describe("setup-rce's closing check: the webhook for this gateway's URL", () => {
  let sim: RceSimulator;
  let gateway: FakeGateway;
  beforeEach(async () => {
    sim = await startFreshTenant();
    gateway = await startFakeGateway();
  });
  afterEach(async () => {
    await Promise.all([sim.close(), gateway.close()]);
  });

  it("fails while only another gateway's webhook is active, and passes once ours is", async () => {
    const setup = runner(sim, gateway);
    const client = setup.client();
    await client.rest.createWebhook({
      url: "https://other-gateway.example.com/handover/rce",
      name: "someone else's",
      registered_events: [...CONSUMED_WEBHOOK_EVENT_TYPES],
      verify_token: "another-verify-token-0123456789",
      secret: "another-secret-0123456789abcdef",
      active: true,
    });
    const none = await checkWebhookForGateway(client, gateway.webhookUrl, setup.secrets.verifyToken);
    expect(none.status).to.equal("fail");
    expect(none.detail)
      .to.include(`No webhook has this gateway's URL ${gateway.webhookUrl}`)
      .and.include("1 other webhook(s)");

    await setup.run({ apply: true, probeGateway: notReady });
    const inactive = await checkWebhookForGateway(client, gateway.webhookUrl, setup.secrets.verifyToken);
    expect(inactive).to.include({ status: "fail" });
    expect(inactive.detail).to.include("is inactive");
    expect(inactive.fix).to.include("Start the gateway");

    await setup.run({ apply: true });
    const right = await checkWebhookForGateway(client, gateway.webhookUrl, setup.secrets.verifyToken);
    expect(right.status, right.detail).to.equal("pass");
    expect(right.detail).to.include(gateway.webhookUrl).and.not.include(setup.secrets.verifyToken);
  });

  it("fails on our webhook lacking events or holding another Verification Token, naming neither secret", async () => {
    const setup = runner(sim, gateway);
    await setup.run({ apply: true });
    const client = setup.client();
    const [ours] = [...sim.store.webhooks.values()];
    ours.registered_events = ours.registered_events.filter((e) => e !== "intervention.closed");
    const lacking = await checkWebhookForGateway(client, gateway.webhookUrl, setup.secrets.verifyToken);
    expect(lacking.status).to.equal("fail");
    expect(lacking.detail).to.include("not subscribed to intervention.closed");

    await setup.run({ apply: true });
    const other = await checkWebhookForGateway(client, gateway.webhookUrl, "not-the-token-in-rce-0123456789");
    expect(other.status).to.equal("fail");
    expect(other.detail)
      .to.include("another Verification Token")
      .and.not.include(setup.secrets.verifyToken)
      .and.not.include("not-the-token-in-rce");
  });

  it("cannot check when RCE refuses the list", async () => {
    const setup = runner(sim, gateway);
    sim.faults.failWith("GET", "/webhooks", 403, { message: "You are not allowed to manage webhooks" });
    const refused = await checkWebhookForGateway(
      setup.client(),
      gateway.webhookUrl,
      setup.secrets.verifyToken,
    );
    expect(refused.status).to.equal("cannot check");
  });
});

describe("setup-rce's exit code", () => {
  const result = (mode: "plan" | "apply", counts: Partial<SetupResult["counts"]>): SetupResult => ({
    mode,
    items: [],
    counts: { ok: 0, change: 0, done: 0, failed: 0, blocked: 0, waiting: 0, manual: 0, ...counts },
    rceRequests: 0,
  });

  it("--apply: 1 while a step waits or the closing check fails; 0 when all is done", () => {
    expect(exitCodeOf(result("apply", { done: 8, waiting: 1 }))).to.equal(1);
    expect(exitCodeOf(result("apply", { done: 9 }), true)).to.equal(1);
    expect(exitCodeOf(result("apply", { done: 9 }))).to.equal(0);
  });

  it("the plan: 0 even with a step that will wait; 1 when something failed or was blocked", () => {
    expect(exitCodeOf(result("plan", { change: 8, waiting: 1 }))).to.equal(0);
    expect(exitCodeOf(result("plan", { failed: 1 }))).to.equal(1);
    expect(exitCodeOf(result("plan", { blocked: 1 }))).to.equal(1);
  });
});
