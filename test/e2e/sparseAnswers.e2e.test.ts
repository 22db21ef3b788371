/**
 * RCE's OpenAPI spec marks almost every field of its objects optional (usually only `id` is
 * required). The whole journey must work when RCE leaves out every field it may leave out, and with
 * agent states the guide does not name.
 */
import { expect } from "chai";
import { Conversation } from "../support/conversation";
import { startWorld, type World } from "../support/e2e";

const SESSION = { userId: "user-s", sessionId: "session-s", URLToken: "token-s" };
/** The schemas whose records keep an id when sparse (the spec requires nothing at all of some others). */
const SPARSE = ["Thread", "Content", "Intervention", "Category", "User", "Webhook", "Task"];

describe("Every node when RCE's answers leave out every optional field", function () {
  this.timeout(20_000);
  let world: World;
  let conversation: Conversation;
  beforeEach(async () => {
    world = await startWorld({ sparseAnswers: true, sparseSchemas: SPARSE });
    conversation = new Conversation(world, SESSION);
  });
  afterEach(async () => world.close());

  it("hands over, looks up the queue, sees the agent, ends and closes", async () => {
    const handover = await conversation.step(
      "rceHandover",
      { checkAvailability: false },
      { text: "a human please" },
    );
    expect(handover.nextNode?.type, JSON.stringify(handover.input.rceHandover)).to.equal(
      "rceHandoverOnQueued",
    );
    const rceThreadId = (handover.input.rceHandover as { rceThreadId: string }).rceThreadId;

    const queued = await conversation.step("rceLookupQueueStatus", { estimate: false });
    expect(queued.input.rceQueue, JSON.stringify(queued.input.rceQueue)).to.include({ status: "queued" });

    const { intervention } = world.sim.agentEngages(rceThreadId, world.sim.defaults.secondAgentUserId);
    await world.sim.agentReplies(rceThreadId, "Hello");
    // Without the optional user_id RCE does not show who took it: still an answer, not an error.
    const afterEngage = await conversation.step("rceLookupQueueStatus");
    expect(afterEngage.nextNode?.type).to.not.equal("rceLookupOnError");

    const ended = await conversation.step("rceEndHandover", { closeIntervention: true });
    expect(ended.nextNode?.type).to.equal("rceEndHandoverOnDone");
    expect((ended.input.rceHandoverEnd as { intervention: unknown }).intervention).to.deep.include({
      interventionIds: [intervention.id],
    });
  });

  it("counts only 'available' agents when RCE reports states the guide does not name", async () => {
    world.sim.setAgentStatus(world.sim.defaults.secondAgentUserId, { status: "busy" });
    const refused = await conversation.step("rceHandover", { checkAvailability: true }, { text: "help" });
    expect(refused.nextNode?.type).to.equal("rceHandoverOnNoAgent");
  });

  it("checks the setup: what RCE left out is 'cannot check', never a failure", async () => {
    const result = await conversation.step("rceCheckSetup");
    const report = result.input.rceSetupCheck as {
      checks: { id: string; status: string; detail: string }[];
    };
    const failed = report.checks.filter((c) => c.status === "fail");
    expect(failed, JSON.stringify(failed)).to.deep.equal([]);
    expect(report.checks.find((c) => c.id === "webhook")?.detail).to.contain("without their events");
  });
});
