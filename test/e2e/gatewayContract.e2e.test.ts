/**
 * The gateway against the simulator in each of the forms RCE's docs allow, and under each reading
 * where the docs contradict themselves (README "Where RCE's docs disagree").
 */
import { expect } from "chai";
import { threadIdFor, threadIdOf } from "../../src/conversation/threadId";
import { expectNoViolations, runNode } from "../harness";
import { builtExtension, builtNode } from "../support/e2e";
import { type GatewayWorld, startGatewayWorld } from "../support/gatewayWorld";

const SESSION = { userId: "user-c", sessionId: "session-c", URLToken: "token-c" };
const THREAD = threadIdFor(SESSION);

describe("Gateway: RCE's documented contract, in every form the docs allow", function () {
  this.timeout(20_000);
  let setup: GatewayWorld | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  async function start(options: Parameters<typeof startGatewayWorld>[0] = {}): Promise<GatewayWorld> {
    setup = await startGatewayWorld(options);
    return setup;
  }

  async function handover(world: GatewayWorld): Promise<string> {
    const result = await runNode(builtNode("rceHandover"), {
      config: { connection: world.world.connection },
      input: { ...SESSION, inputId: "in-1", text: "agent please" },
      nodes: builtExtension().nodes,
    });
    expectNoViolations(result);
    await world.world.sim.waitForImports();
    return (result.input.rceHandover as { rceThreadId: string }).rceThreadId;
  }

  async function until(condition: () => boolean, ms = 3000): Promise<void> {
    const end = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > end) throw new Error("timed out waiting");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("creates the Bot and Agent identities when the admin saves the source, once", async () => {
    const { world } = await start({ simulator: { controlledIdentities: [] } });
    const created = () => world.sim.sdkUsers.map((u) => `${u.foreignId} ${u.puppetizable}`).sort();
    await until(() => created().length === 2);
    expect(created()).to.deep.equal(["cognigy-agent true", "cognigy-bot true"]);
    await world.sim.settle();
    expect(world.sim.identityByForeignId("cognigy-agent")).to.include({ screenname: "Agent" });
    expect(world.sim.identityByForeignId("cognigy-bot")).to.include({ screenname: "Bot" });
    // RCE asks again at every synchronisation run: no second creation within the hour.
    expect((await world.sim.pushImplementationInfo()).accepted).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(created()).to.have.length(2);
  });

  it("creates the identities the gateway is configured with", async () => {
    const { world } = await start({
      simulator: { controlledIdentities: [] },
      gatewayConfig: { agentUserId: "support-agent", agentName: "Support", botUserId: "helper-bot" },
    });
    await until(() => world.sim.sdkUsers.length === 2);
    expect(world.sim.sdkUsers.map((u) => u.foreignId).sort()).to.deep.equal(["helper-bot", "support-agent"]);
  });

  describe("threads in implementation.info: both readings of the docs", () => {
    it("messages-only (default): our answer is accepted; declaring threads is refused", async () => {
      const { world } = await start();
      expect(world.sim.settings.threadsDeclaration).to.equal("messages-only");
      setup = undefined;
      await world.close();
      const withThreads = await start({ gatewayConfig: { declareThreads: true } }).catch((e: Error) => e);
      expect(withThreads).to.be.instanceOf(Error);
      expect((withThreads as Error).message).to.contain("view.messaging");
    });

    it("threads-required: refused without declareThreads, accepted with it, and agent replies flow", async () => {
      const refused = await start({ simulator: { threadsDeclaration: "threads-required" } }).catch(
        (e: Error) => e,
      );
      expect(refused).to.be.instanceOf(Error);
      expect((refused as Error).message).to.contain("threads");
      const { world, cognigy } = await start({
        simulator: { threadsDeclaration: "threads-required" },
        gatewayConfig: { declareThreads: true },
      });
      const info = await world.sim.pushImplementationInfo();
      expect(info.json).to.deep.include({
        objects: { messages: ["create", "show", "list"], threads: ["create", "show", "list"] },
      });
      const rceThreadId = await handover(setup as GatewayWorld);
      await world.sim.agentReplies(rceThreadId, "Hi, Grace here.");
      await world.sim.settle();
      expect(cognigy.delivered("notify").map((n) => n.body.text)).to.deep.equal(["Hi, Grace here."]);
    });
  });

  describe("the answer to an agent's messages.create", () => {
    it("is the created message, id and body, as RCE's docs show (accepted where RCE insists on the body)", async () => {
      const { world } = await start({ simulator: { requireAnswerBody: true } });
      const rceThreadId = await handover(setup as GatewayWorld);
      const reply = await world.sim.agentReplies(rceThreadId, "Hello Ada");
      expect(reply.answerForm).to.equal("id+body");
      expect(reply.attempts).to.equal(1);
      const answered = reply.content.foreign_id ?? "";
      expect(threadIdOf(answered)).to.equal(THREAD);
    });

    it("carries the in_reply_to_id when the gateway is told to answer that way", async () => {
      const { world } = await start({ gatewayConfig: { agentReplyId: "in_reply_to_id" } });
      await handover(setup as GatewayWorld);
      const answer = await world.sim.pushAgentReply({
        thread_id: THREAD,
        in_reply_to_id: `${THREAD}.user-abc`,
        body: "ok",
        content_id: "c-1",
      });
      expect(answer.json).to.deep.equal({ id: `${THREAD}.user-abc`, body: "ok" });
    });
  });

  describe("queue updates name the thread, the message, or both", () => {
    for (const form of ["thread_id", "in_reply_to_id", "both"] as const) {
      it(`routes one that carries ${form}`, async () => {
        const { world, cognigy } = await start();
        const rceThreadId = await handover(setup as GatewayWorld);
        const ours = world.sim.threadContents(rceThreadId)[0].foreign_id ?? "";
        expect(threadIdOf(ours)).to.equal(THREAD);
        const answer = await world.sim.pushQueuingUpdate(
          { position: 2, estimated_wait_time: 60 },
          {
            threadId: form === "in_reply_to_id" ? undefined : THREAD,
            inReplyToId: form === "thread_id" ? undefined : ours,
          },
        );
        expect(answer.status).to.equal(200);
        const inject = cognigy.delivered("inject");
        expect(inject).to.have.length(1);
        expect(inject[0].URLToken).to.equal(SESSION.URLToken);
        expect(inject[0].body.data).to.nested.include({
          "handover.threadId": THREAD,
          "handover.position": 2,
        });
      });
    }
  });

  describe("webhook resource ids, string or integer", () => {
    for (const type of ["string", "integer"] as const) {
      it(`delivers the agent's close when resource.id is ${type === "string" ? "a string" : "an integer"}`, async () => {
        const { world, cognigy } = await start({ simulator: { webhookResourceIdType: type } });
        const rceThreadId = await handover(setup as GatewayWorld);
        const { intervention } = world.sim.agentEngages(rceThreadId, world.sim.defaults.secondAgentUserId);
        const { deliveries } = await world.sim.agentCloses(intervention.id);
        expect(deliveries.every((d) => d.status === 200)).to.equal(true);
        const sentId = world.sim.webhookResourceId(intervention.id);
        expect(typeof sentId).to.equal(type === "string" ? "string" : "number");
        const handoverOf = (c: { body: { data?: Record<string, unknown> } }) =>
          (c.body.data?.handover ?? {}) as { type?: string; interventionId?: string };
        const closed = cognigy.delivered("inject").filter((c) => handoverOf(c).type === "conversationClosed");
        expect(closed).to.have.length(1);
        expect(handoverOf(closed[0]).interventionId).to.equal(String(sentId));
      });
    }
  });
});
