/**
 * The README's Flow ([Route to RCE] first, then the bot's logic and Handover to RCE) over a whole
 * journey, against the RCE simulator and the real gateway, with the webhook setup step 5 (docs/rce-setup.md) sets up (RCE
 * sends only what it subscribes): a queue update, an agent joining (named), user turns during the
 * handover, the bot resuming, and a second request that reopens the agent's intervention.
 */
import { expect } from "chai";
import { Conversation } from "../support/conversation";
import type { GatewayWorld } from "../support/gatewayWorld";
import { startGatewayWorld } from "../support/gatewayWorld";
import { agentJoined, BOT_RESUMES, ReadmeFlow, reopened, WAITING_MESSAGE } from "../support/readmeFlow";

const SESSION = { userId: "user-r", sessionId: "session-r", URLToken: "token-r" };

describe("The README's Flow, one whole journey (built bundle, simulator, gateway)", function () {
  this.timeout(30_000);
  let setup: GatewayWorld;
  afterEach(async () => setup.close());

  async function journey(mirror: boolean) {
    setup = await startGatewayWorld();
    const { world, cognigy } = setup;
    const conversation = new Conversation(world, SESSION);
    const flow = new ReadmeFlow(world, conversation, { mirror });
    const sim = world.sim;
    const thread = () => {
      const found = [...sim.store.threads.values()];
      expect(found, "one RCE thread for the whole conversation").to.have.length(1);
      return found[0];
    };
    const categories = () =>
      (thread().thread_category_ids ?? []).map((id) => sim.store.categories.get(id)?.name ?? id);
    const bodies = () => sim.threadContents(thread().id).map((c) => c.body);
    const state = () => conversation.context.rceHandoverState as { status: string; handoverCount: number };
    const agent = sim.defaults.secondAgentUserId;
    Object.assign(sim.store.users.get(agent) ?? {}, { firstname: "Grace", lastname: "Hopper" });

    await flow.userSays("Hi");
    sim.resetRequests();
    await flow.userSays("My parcel is late");
    const mirroredTurnRequests = sim.countRequests("POST", /\/realtime\/sdk\//);
    await flow.userSays("I'd like to talk to a human please");
    await sim.waitForImports();
    expect(categories()).to.deep.equal(["Agent"]);
    const rceThreadId = thread().id;
    const foreign = thread().foreign_id ?? "";

    await sim.pushQueuingUpdate({ thread_id: foreign, position: 2, estimated_wait_time: 180 });
    await flow.gatewayDeliveries(cognigy);
    const { intervention } = sim.agentEngages(rceThreadId, agent);
    await sim.settle();
    await flow.gatewayDeliveries(cognigy);
    await sim.agentReplies(rceThreadId, "Hi, I'm Grace. Your order number?", { agentId: agent });
    await sim.settle();
    await flow.gatewayDeliveries(cognigy);
    await flow.userSays("Order 1234");
    await sim.waitForImports();
    expect(bodies().at(-1), "the user's turn reached the agent").to.equal("Order 1234");

    await sim.agentCloses(intervention.id, agent);
    await sim.settle();
    await flow.gatewayDeliveries(cognigy);
    expect(state().status).to.equal("ended");
    expect(categories()).to.deep.equal(["Bot"]);

    await flow.userSays("Thanks! One more thing, can I talk to a person again?");
    await sim.waitForImports();
    expect(state()).to.include({ handoverCount: 2 });
    expect(categories()).to.deep.equal(["Agent"]);
    // The user's message reopened Grace's intervention (events.md: intervention.reopened "by receiving
    // a new message from the identity"): the conversation is hers again, not a new queue.
    await sim.settle();
    await flow.gatewayDeliveries(cognigy);
    expect(state()).to.include({ status: "with_agent" });
    await sim.agentCloses(intervention.id, agent);
    await sim.settle();
    await flow.gatewayDeliveries(cognigy);
    await flow.userSays("bye");
    await sim.waitForImports();

    expect(flow.branches).to.deep.equal([
      "With the bot",
      "With the bot",
      "With the bot",
      "Queue update",
      "Agent joined",
      "With agent",
      "Agent closed",
      "With the bot",
      "Reopened",
      "Agent closed",
      "With the bot",
    ]);
    expect(flow.userSaw).to.include.members([
      WAITING_MESSAGE,
      "You are number 2 in the queue; the wait is about 3 min.",
      agentJoined("Grace Hopper"),
      reopened("Grace Hopper"),
      "Hi, I'm Grace. Your order number?",
      BOT_RESUMES,
      "Goodbye!",
    ]);
    expect(categories()).to.deep.equal(["Bot"]);
    const texts = bodies();
    expect(new Set(sim.threadContents(rceThreadId).map((c) => c.foreign_id)).size, "no duplicates").to.equal(
      texts.length,
    );
    return { texts, mirroredTurnRequests };
  }

  it("mirrored: RCE has every turn of the user and the bot, two requests per mirrored turn", async () => {
    const { texts, mirroredTurnRequests } = await journey(true);
    expect(mirroredTurnRequests).to.equal(2);
    expect(texts.slice(0, 4)).to.deep.equal([
      "Hi",
      "Hello! How can I help?",
      "My parcel is late",
      "Sorry to hear that! Your parcel 1234 left our warehouse yesterday.",
    ]);
    expect(texts).to.include("I'd like to talk to a human please");
  });

  it("not mirrored: Handover to RCE posts the recent turns as the transcript, once", async () => {
    const { texts, mirroredTurnRequests } = await journey(false);
    expect(mirroredTurnRequests).to.equal(0);
    expect(texts[0])
      .to.contain("Conversation with the bot before the handover")
      .and.contain("Customer: My parcel is late");
    expect(texts[1]).to.equal("I'd like to talk to a human please");
  });
});
