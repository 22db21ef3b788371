/**
 * What Handover to RCE leaves for the agent (built bundle, gateway, simulator): the summary and
 * reason as an internal note on the intervention once an agent has it, never a message the user
 * sees; language and priority on the message, custom fields on the intervention, and an unknown
 * custom field refused up front on the error branch, naming it.
 */
import { expect } from "chai";
import { Conversation } from "../support/conversation";
import { type GatewayWorld, startGatewayWorld } from "../support/gatewayWorld";
import { ReadmeFlow } from "../support/readmeFlow";

const SUMMARY = "Parcel 1234 is late; the user wants a refund.";

describe("The brief for the agent: note, language, priority, custom fields (built bundle, gateway, simulator)", function () {
  this.timeout(30_000);
  let setup: GatewayWorld;
  afterEach(async () => setup?.close());

  async function start(handover: Record<string, unknown>) {
    setup = await startGatewayWorld();
    const sim = setup.world.sim;
    sim.defineCustomField("order_number");
    const conversation = new Conversation(setup.world, {
      userId: "u-b",
      sessionId: "s-b",
      URLToken: "tok-b",
    });
    const flow = new ReadmeFlow(setup.world, conversation, { mirror: false, handover });
    await flow.userSays("My parcel is late");
    await flow.userSays("I want to talk to a person");
    await sim.waitForImports();
    return { sim, flow, conversation };
  }

  it("posts the summary as an internal note when the agent joins; the user never sees it", async () => {
    const { sim, flow, conversation } = await start({
      summary: SUMMARY,
      reason: "asked for a refund",
      language: "de",
      priority: "high",
      customFields: { order_number: "1234" },
    });
    const queued = flow.inputAfter.rceHandover?.rceHandover as {
      forAgent?: Record<string, { status: string }>;
    };
    expect(queued.forAgent?.note?.status, "no intervention yet at handover").to.equal(
      "waiting_for_intervention",
    );
    expect(queued.forAgent?.customFields?.status).to.equal("waiting_for_intervention");
    const thread = [...sim.store.threads.values()][0];
    const escalation = sim.threadContents(thread.id).at(-1);
    expect(escalation?.language, "the message's language").to.equal("de");
    expect(escalation?.context_data).to.deep.equal({ priority: "high" });

    const agent = sim.defaults.secondAgentUserId;
    const { intervention } = sim.agentEngages(thread.id, agent);
    await sim.settle();
    await flow.gatewayDeliveries(setup.cognigy);
    expect(flow.branches.at(-1)).to.equal("Agent joined");
    const joined = flow.lastInput?.rceRoute as { forAgent?: Record<string, unknown> };
    expect(joined.forAgent?.note).to.deep.include({ status: "posted", interventionId: intervention.id });
    expect(joined.forAgent?.customFields).to.deep.include({ status: "set", keys: ["order_number"] });
    expect(sim.interventionNotes(intervention.id)).to.deep.equal([
      { body: `Reason: asked for a refund\nSummary: ${SUMMARY}`, user_id: agent },
    ]);
    expect(sim.store.interventions.get(intervention.id)?.custom_fields).to.deep.equal({
      order_number: "1234",
    });
    expect((conversation.context.rceHandoverState as { brief?: unknown }).brief, "delivered once").to.equal(
      undefined,
    );
    // Never a message in the conversation, never shown to the user.
    expect(
      sim
        .threadContents(thread.id)
        .map((c) => c.body)
        .join("\n"),
    ).not.to.contain(SUMMARY);
    expect(flow.userSaw.join("\n")).not.to.contain(SUMMARY);
    expect(setup.cognigy.calls.map((c) => JSON.stringify(c.body)).join("\n")).not.to.contain(SUMMARY);

    // A later moment does not post it again.
    sim.agentEngages(thread.id, sim.defaults.agentUserId);
    await sim.settle();
    await flow.gatewayDeliveries(setup.cognigy);
    expect(sim.interventionNotes(intervention.id)).to.have.length(1);
  });

  it("a note RCE refuses is reported as not possible, with RCE's reason; the handover stands", async () => {
    const { sim, flow } = await start({ summary: SUMMARY });
    sim.faults.failWith("POST", "/intervention_comments", 403, { times: 1 });
    const thread = [...sim.store.threads.values()][0];
    sim.agentEngages(thread.id, sim.defaults.secondAgentUserId);
    await sim.settle();
    await flow.gatewayDeliveries(setup.cognigy);
    expect(flow.branches.at(-1)).to.equal("Agent joined");
    const joined = flow.lastInput?.rceRoute as { forAgent?: { note?: { status: string; reason?: string } } };
    expect(joined.forAgent?.note?.status).to.equal("not_possible");
    expect(joined.forAgent?.note?.reason).to.contain("note");
  });

  it("on an intervention that is open at handover time (reopened), the note is posted at once", async () => {
    const { sim, flow, conversation } = await start({});
    const thread = [...sim.store.threads.values()][0];
    const agent = sim.defaults.secondAgentUserId;
    const { intervention } = sim.agentEngages(thread.id, agent);
    await sim.settle();
    await flow.gatewayDeliveries(setup.cognigy);
    await sim.agentCloses(intervention.id, agent);
    await sim.settle();
    await flow.gatewayDeliveries(setup.cognigy);
    expect(flow.branches.at(-1)).to.equal("Agent closed");
    // A message from the user reaches RCE after the close and reopens it (events.md): the next
    // handover finds it open. (Its webhook is not played through the Flow here.)
    await conversation.step("rceSendMessage", {}, { text: "One more question" });
    await sim.waitForImports();
    expect(sim.store.interventions.get(intervention.id)?.closed).to.equal(false);
    const again = await conversation.step(
      "rceHandover",
      { summary: "Second request: still late." },
      { text: "agent again" },
    );
    expect(again.nextNode?.type).to.equal("rceHandoverOnQueued");
    expect((again.input.rceHandover as { forAgent?: { note?: unknown } }).forAgent?.note).to.deep.include({
      status: "posted",
      interventionId: intervention.id,
    });
    expect(sim.interventionNotes(intervention.id).map((n) => n.body)).to.deep.equal([
      "Summary: Second request: still late.",
    ]);
  });

  it("an unknown custom field ends on the error branch, naming it, before anything is posted", async () => {
    setup = await startGatewayWorld();
    const sim = setup.world.sim;
    sim.defineCustomField("order_number");
    const conversation = new Conversation(setup.world, {
      userId: "u-c",
      sessionId: "s-c",
      URLToken: "tok-c",
    });
    sim.resetRequests();
    const result = await conversation.step(
      "rceHandover",
      { customFields: { order_number: "1", shoe_size: "42" } },
      { text: "agent please" },
    );
    expect(result.nextNode?.type).to.equal("rceHandoverOnError");
    const { error } = result.input.rceHandover as { error: { message: string; fields: string[] } };
    expect(error.message).to.contain('"shoe_size"').and.not.to.contain('"order_number"');
    expect(error.fields).to.deep.equal(["Intervention custom fields"]);
    const posted = sim.requests.filter((r) => JSON.stringify(r.body ?? "").includes("messages.create"));
    expect(posted, "no message posted").to.have.length(0);
    expect(sim.store.threads.size, "no thread").to.equal(0);
  });

  it("the availability check can require an agent who speaks the language", async () => {
    setup = await startGatewayWorld();
    const sim = setup.world.sim;
    for (const user of sim.store.users.values()) user.spoken_languages = ["en"];
    for (const agentId of [sim.defaults.agentUserId, sim.defaults.secondAgentUserId])
      sim.setAgentStatus(agentId, { status: "available" });
    const conversation = new Conversation(setup.world, {
      userId: "u-d",
      sessionId: "s-d",
      URLToken: "tok-d",
    });
    const config = { checkAvailability: true, language: "fr", requireLanguage: true };
    const french = await conversation.step("rceHandover", config, { text: "agent please" });
    expect(french.nextNode?.type).to.equal("rceHandoverOnNoAgent");
    expect(french.input.rceHandover).to.deep.include({ status: "no_agent" });
    const english = await conversation.step(
      "rceHandover",
      { ...config, language: "en" },
      { text: "agent please" },
    );
    expect(english.nextNode?.type).to.equal("rceHandoverOnQueued");
  });
});
