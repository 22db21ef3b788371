/**
 * The whole life of a handover as RCE lives it, one journey each, through the README's Flow (built
 * bundle), the real gateway and the RCE simulator with the webhook setup step 5 (docs/rce-setup.md) sets up: RCE sends
 * only the events it subscribes, in events.md's shapes, and nothing is delivered by hand.
 */
import { expect } from "chai";
import { Conversation } from "../support/conversation";
import { secretValues } from "../support/e2e";
import { type GatewayWorld, startGatewayWorld } from "../support/gatewayWorld";
import {
  AGENT_AWAY,
  agentBack,
  agentJoined,
  BOT_RESUMES,
  CANCEL_BUTTON,
  CANCELLED,
  NO_AGENT,
  REQUEUED,
  ReadmeFlow,
  reopened,
  TRANSFERRED_TO,
} from "../support/readmeFlow";

describe("The handover's life in RCE, journey by journey (built bundle, gateway, simulator)", function () {
  this.timeout(30_000);
  let setup: GatewayWorld;
  afterEach(async () => setup?.close());

  async function queued(mirror = false) {
    setup = await startGatewayWorld();
    const { world, cognigy } = setup;
    const sim = world.sim;
    const conversation = new Conversation(world, { userId: "u-l", sessionId: "s-l", URLToken: "tok-l" });
    const flow = new ReadmeFlow(world, conversation, { mirror });
    const grace = sim.defaults.secondAgentUserId;
    Object.assign(sim.store.users.get(grace) ?? {}, { firstname: "Grace", lastname: "Hopper" });
    const alan = sim.store.createUser({
      firstname: "Alan",
      lastname: "Turing",
      email: "alan@example.com",
    }).id;
    await flow.userSays("I want to talk to a person");
    await sim.waitForImports();
    const thread = [...sim.store.threads.values()][0];
    const deliver = async () => {
      await sim.settle();
      await flow.gatewayDeliveries(cognigy);
    };
    const state = () => conversation.context.rceHandoverState as { status: string; agent?: { name: string } };
    const handover = () => (flow.lastInput?.handover as { status?: string } | undefined)?.status;
    const categories = () =>
      (sim.store.threads.get(thread.id)?.thread_category_ids ?? []).map(
        (id) => sim.store.categories.get(id)?.name,
      );
    /** Every secret of the connection found in what the Flow kept or the user saw (none, ever). */
    const leaks = () => {
      const everything = JSON.stringify([
        conversation.context,
        flow.lastInput,
        flow.userSaw,
        cognigy.delivered("inject"),
      ]);
      return secretValues(world.connection).filter((secret) => everything.includes(secret));
    };
    return { sim, flow, thread, grace, alan, deliver, state, handover, categories, cognigy, leaks };
  }

  it("joined: the agent's name, read from RCE, is shown", async () => {
    const j = await queued();
    j.sim.agentEngages(j.thread.id, j.grace);
    await j.deliver();
    expect(j.flow.branches.slice(-1)).to.deep.equal(["Agent joined"]);
    expect(j.flow.userSaw).to.include(agentJoined("Grace Hopper"));
    expect(j.state()).to.deep.include({ status: "with_agent", agent: { id: j.grace, name: "Grace Hopper" } });
    expect(j.handover()).to.equal("active");
    expect(j.sim.countRequests("GET", `/1.0/users/${j.grace}`)).to.equal(1);
  });

  it("a ringing task taken: task.taken and intervention.opened make one Agent joined", async () => {
    const j = await queued();
    const task = j.sim.queueTask(j.thread.id);
    j.sim.lifecycle.takeTask(task.id, j.grace);
    await j.deliver();
    expect(j.flow.branches.slice(1)).to.deep.equal(["Agent joined", "Nothing new"]);
    expect(j.flow.userSaw.filter((t) => t === agentJoined("Grace Hopper"))).to.have.length(1);
  });

  it("transferred: the new agent's name is shown", async () => {
    const j = await queued();
    const { intervention } = j.sim.agentEngages(j.thread.id, j.grace);
    await j.deliver();
    j.sim.lifecycle.transfer(intervention.id, j.alan, j.grace);
    await j.deliver();
    // task.transferred and intervention.user_updated both name Alan: one Transferred.
    expect(j.flow.branches.slice(1)).to.deep.equal(["Agent joined", "Transferred", "Nothing new"]);
    expect(j.flow.userSaw).to.include(TRANSFERRED_TO("Alan Turing"));
    expect(j.state()).to.deep.include({ status: "with_agent", agent: { id: j.alan, name: "Alan Turing" } });
    expect(j.leaks()).to.deep.equal([]);
  });

  it("deferred, then reactivated: Agent away, then Agent back", async () => {
    const j = await queued();
    const { intervention } = j.sim.agentEngages(j.thread.id, j.grace);
    await j.deliver();
    j.sim.lifecycle.defer(intervention.id, j.grace);
    await j.deliver();
    expect(j.state().status).to.equal("away");
    expect(j.handover()).to.equal("deferred");
    await j.flow.userSays("Are you there?");
    await j.sim.waitForImports();
    expect(j.flow.branches.at(-1), "while away the user's turns still go to the agent").to.equal(
      "With agent",
    );
    j.sim.lifecycle.reactivate(intervention.id);
    await j.deliver();
    expect(j.flow.branches.slice(1)).to.deep.equal([
      "Agent joined",
      "Agent away",
      "With agent",
      "Agent back",
    ]);
    expect(j.flow.userSaw).to.include.members([AGENT_AWAY, agentBack("Grace Hopper")]);
    expect(j.state().status).to.equal("with_agent");
  });

  it("closed twice: one Agent closed, the bot says it once", async () => {
    const j = await queued();
    const { intervention } = j.sim.agentEngages(j.thread.id, j.grace);
    await j.deliver();
    await j.sim.agentCloses(intervention.id, j.grace);
    await j.deliver();
    // RCE repeats the event (same intervention, a new event id).
    await j.sim.deliverWebhook([j.sim.interventionEvent("intervention.closed", intervention.id)]);
    await j.deliver();
    expect(j.flow.branches.slice(1)).to.deep.equal(["Agent joined", "Agent closed", "Nothing new"]);
    expect(j.flow.userSaw.filter((t) => t === BOT_RESUMES)).to.have.length(1);
    expect(j.categories()).to.deep.equal(["Bot"]);
  });

  it("a late intervention.opened after the close takes no Agent joined", async () => {
    const j = await queued();
    const { intervention } = j.sim.agentEngages(j.thread.id, j.grace);
    const opened = j.sim.interventionEvent("intervention.opened", intervention.id, { issuedSecondsAgo: 60 });
    await j.sim.settle();
    await j.sim.agentCloses(intervention.id, j.grace);
    await j.deliver();
    const before = j.flow.branches.length;
    await j.sim.deliverWebhook([opened]);
    await j.deliver();
    expect(j.flow.branches.slice(before)).to.deep.equal(["Nothing new"]);
    expect(j.state().status).to.equal("ended");
    expect(j.flow.userSaw.filter((t) => t === agentJoined("Grace Hopper"))).to.have.length(1);
  });

  it("reopened by the user's message after the close: back to the same agent, not the bot", async () => {
    const j = await queued(true);
    const { intervention } = j.sim.agentEngages(j.thread.id, j.grace);
    await j.deliver();
    await j.sim.agentReplies(j.thread.id, "Done, bye!", { agentId: j.grace });
    await j.sim.agentCloses(intervention.id, j.grace);
    await j.deliver();
    await j.flow.userSays("Wait, one more question");
    await j.sim.waitForImports();
    await j.deliver();
    expect(j.flow.branches.slice(-2)).to.deep.equal(["With the bot", "Reopened"]);
    expect(j.flow.userSaw).to.include(reopened("Grace Hopper"));
    expect(j.state().status).to.equal("with_agent");
    expect(j.categories(), "back in the agents' folder").to.deep.equal(["Agent"]);
    await j.flow.userSays("Is it about my parcel?");
    await j.sim.waitForImports();
    expect(j.flow.branches.at(-1)).to.equal("With agent");
    expect(j.sim.threadContents(j.thread.id).at(-1)?.body).to.equal("Is it about my parcel?");
  });

  it("cancel while queued: RCE's intervention cancelled, back with the bot, nothing relayed", async () => {
    const j = await queued();
    // An intervention opened for the thread without an agent reply (its event still on the way).
    j.sim.settings.autoDeliverWebhooks = false;
    const { intervention } = j.sim.agentEngages(j.thread.id, j.grace);
    j.sim.settings.autoDeliverWebhooks = true;
    const contents = j.sim.threadContents(j.thread.id).length;
    j.sim.resetRequests();
    await j.flow.userSays(CANCEL_BUTTON.toLowerCase());
    expect(j.flow.branches.at(-1)).to.equal("Cancelled by user");
    expect(j.flow.userSaw).to.include(CANCELLED);
    expect(j.handover()).to.equal("cancelled");
    expect(j.state().status).to.equal("cancelled");
    expect(j.sim.countRequests("DELETE", `/1.0/interventions/${intervention.id}/cancel`)).to.equal(1);
    expect(j.sim.store.interventions.has(intervention.id), "RCE destroyed the intervention").to.equal(false);
    expect(j.categories()).to.deep.equal(["Bot"]);
    await j.sim.waitForImports();
    expect(j.sim.threadContents(j.thread.id), "the cancel was not relayed").to.have.length(contents);
    // RCE's own intervention.canceled for our cancel changes nothing.
    await j.deliver();
    expect(j.flow.branches.at(-1)).to.equal("Nothing new");
    await j.flow.userSays("Hello again");
    expect(j.flow.branches.at(-1)).to.equal("With the bot");
    expect(j.leaks()).to.deep.equal([]);
  });

  it("cancel by the Cancel Intent; without an intervention only the categories go back", async () => {
    const j = await queued();
    await j.flow.input({ text: "forget it", intent: "cancelHandover" });
    expect(j.flow.branches.at(-1)).to.equal("Cancelled by user");
    expect(j.sim.countRequests("DELETE")).to.equal(0);
    expect(j.categories()).to.deep.equal(["Bot"]);
  });

  it("nobody took it: undelivered, and a task abandoned in a workbin after an agent joined", async () => {
    const j = await queued();
    const task = j.sim.queueTask(j.thread.id);
    j.sim.lifecycle.undeliver(task.id);
    await j.deliver();
    expect(j.flow.branches.at(-1)).to.equal("No agent took it");
    expect(j.flow.userSaw).to.include(NO_AGENT);
    expect(j.state().status, "still waiting in RCE").to.equal("queued");
    const { task: taken } = j.sim.agentEngages(j.thread.id, j.grace);
    await j.deliver();
    j.sim.lifecycle.expireFromWorkbin(taken.id);
    await j.deliver();
    expect(j.flow.branches.slice(1)).to.deep.equal(["No agent took it", "Agent joined", "No agent took it"]);
    expect(j.state()).to.not.have.property("agent");
  });

  it("the agent cancels the intervention: back in the queue for another agent", async () => {
    const j = await queued();
    const { intervention } = j.sim.agentEngages(j.thread.id, j.grace);
    await j.deliver();
    j.sim.agentCancels(intervention.id, j.grace);
    await j.deliver();
    expect(j.flow.branches.slice(1)).to.deep.equal(["Agent joined", "Transferred"]);
    expect(j.flow.userSaw).to.include(REQUEUED);
    expect(j.state().status).to.equal("queued");
  });
});
