import { expect } from "chai";
import { allText, type HarnessResult } from "../harness";
import { Conversation } from "../support/conversation";
import { secretValues, startWorld, type World } from "../support/e2e";

const SESSION = { userId: "user-9", sessionId: "session-9", URLToken: "url-token-9" };

interface Lookup {
  status: string;
  source: string;
  position?: number;
  estimatedWaitTimeMs?: number;
  ageMs?: number;
  method?: string;
  agent?: { id: string; name?: string };
  rceRequests: number;
  error?: { kind: string; message: string };
}

describe("Lookup Queue Status against the simulator (built bundle)", function () {
  this.timeout(20_000);
  let world: World;
  let conversation: Conversation;

  beforeEach(async () => {
    world = await startWorld();
    conversation = new Conversation(world, SESSION, { firstname: "Ada", lastname: "Lovelace" });
  });
  afterEach(async () => world.close());

  const step = (
    type: string,
    config: Record<string, unknown> = {},
    input: Record<string, unknown> = {},
  ): Promise<HarnessResult> => conversation.step(type, config, input);

  async function lookup(
    config: Record<string, unknown> = {},
    input: Record<string, unknown> = {},
  ): Promise<{ result: HarnessResult; lookup: Lookup; requests: number }> {
    world.sim.resetRequests();
    const result = await step("rceLookupQueueStatus", config, input);
    return { result, lookup: result.input.rceQueue as Lookup, requests: world.sim.countRequests() };
  }

  const rceThreadId = () => (conversation.context.rceHandoverState as { rceThreadId: string }).rceThreadId;

  it("not escalated: no request at all", async () => {
    const { result, lookup: l, requests } = await lookup();
    expect(result.nextNode?.type).to.equal("rceLookupOnNotEscalated");
    expect(l).to.include({ status: "not_escalated", source: "none" });
    expect(requests).to.equal(0);
  });

  it("queued with a pushed update: position and wait from the push, with its age", async () => {
    await step("rceHandover");
    const receivedAt = new Date(Date.now() - 3000).toISOString();
    const {
      result,
      lookup: l,
      requests,
    } = await lookup(
      { queueMessage: "You are number {position} in the queue, about {waitMinutes} min." },
      { data: { handover: { type: "queueUpdate", position: 3, estimatedWaitTime: 240_000, receivedAt } } },
    );
    expect(result.nextNode?.type).to.equal("rceLookupOnQueued");
    expect(l).to.include({ status: "queued", source: "push", position: 3, estimatedWaitTimeMs: 240_000 });
    expect(l.ageMs as number).to.be.within(2500, 10_000);
    expect(requests).to.equal(1);
    expect(result.outputs.map((o) => o.text)).to.deep.equal(["You are number 3 in the queue, about 4 min."]);
    expect(result.input.handover).to.deep.include({
      status: "queue",
      data: { position: 3, estimatedWaitTime: 240_000 },
    });

    // A later lookup without a push in its input still knows the last one.
    const later = await lookup();
    expect(later.lookup).to.include({ source: "push", position: 3 });
  });

  it("reads the other documented places of queue data", async () => {
    await step("rceHandover");
    const a = await lookup({}, { handover: { data: { position: 2, estimatedWaitTime: 60_000 } } });
    expect(a.lookup).to.include({ source: "push", position: 2 });
    const b = await lookup({}, { data: { request: { position: 1, estimatedWaitTime: 1000 } } });
    expect(b.lookup).to.include({ source: "push", position: 1 });
  });

  it("queued without a push: an estimate from the routing queue, clearly marked", async () => {
    await step("rceSendMessage", {}, { sessionId: "someone-else", userId: "user-10" });
    await step("rceHandover");
    await world.sim.waitForImports();
    const other = [...world.sim.store.threads.values()].find((t) => t.id !== rceThreadId());
    world.sim.queueTask(rceThreadId(), { priority: 1 });
    world.sim.queueTask(other?.id ?? "", { priority: 5 });
    world.sim.setAgentStatus(world.sim.defaults.secondAgentUserId, { status: "available", busyness: "ok" });
    const { result, lookup: l, requests } = await lookup({ averageHandleMinutes: 4 });
    expect(result.nextNode?.type).to.equal("rceLookupOnQueued");
    expect(l).to.include({
      status: "queued",
      source: "estimate",
      position: 2,
      estimatedWaitTimeMs: 2 * 4 * 60_000,
    });
    expect(l.method).to.contain("1 task(s) ahead");
    expect(requests).to.equal(3);
  });

  it("queued without a push or estimate: source none", async () => {
    await step("rceHandover");
    const { lookup: l, requests } = await lookup({ estimate: false, queueMessage: "Number {position}" });
    expect(l).to.include({ status: "queued", source: "none" });
    expect(requests).to.equal(1);
  });

  it("takes 'Over threshold' above the maximum position or wait", async () => {
    await step("rceHandover");
    const push = {
      data: { handover: { type: "queueUpdate", position: 12, estimatedWaitTime: 30 * 60_000 } },
    };
    expect((await lookup({ maxPosition: 10 }, push)).result.nextNode?.type).to.equal(
      "rceLookupOnOverThreshold",
    );
    expect((await lookup({ maxWaitMinutes: 20 }, push)).result.nextNode?.type).to.equal(
      "rceLookupOnOverThreshold",
    );
    expect((await lookup({ maxPosition: 20, maxWaitMinutes: 60 }, push)).result.nextNode?.type).to.equal(
      "rceLookupOnQueued",
    );
  });

  it("assigned: the agent's id and name, in two requests", async () => {
    await step("rceHandover");
    world.sim.agentEngages(rceThreadId(), world.sim.defaults.secondAgentUserId);
    const { result, lookup: l, requests } = await lookup();
    expect(result.nextNode?.type).to.equal("rceLookupOnAssigned");
    expect(l.status).to.equal("assigned");
    expect(l.agent?.id).to.equal(world.sim.defaults.secondAgentUserId);
    expect(l.agent?.name).to.be.a("string").and.not.equal("");
    expect(requests).to.equal(2);
    expect(result.input.handover).to.include({ status: "active" });
  });

  it("closed: the agent closed the intervention", async () => {
    await step("rceHandover");
    const { intervention } = world.sim.agentEngages(rceThreadId(), world.sim.defaults.agentUserId);
    await world.sim.agentReplies(rceThreadId(), "All done, bye!");
    await world.sim.agentCloses(intervention.id);
    const { result, lookup: l } = await lookup();
    expect(result.nextNode?.type).to.equal("rceLookupOnClosed");
    expect(l.status).to.equal("closed");
    expect(result.input.handover).to.include({ status: "completed" });
  });

  it("not escalated again after End Handover", async () => {
    await step("rceHandover");
    await step("rceEndHandover");
    const { lookup: l } = await lookup();
    expect(l.status).to.equal("not_escalated");
  });

  const faults: [string, (w: World) => void, string][] = [
    ["401", (w) => w.sim.faults.failWith("GET", /interventions/, 401), "auth"],
    ["403 on tasks", (w) => w.sim.faults.failWith("GET", /tasks/, 403), "permission"],
    [
      "429",
      (w) => w.sim.faults.failWith("GET", /interventions/, 429, { headers: { "retry-after": "300" } }),
      "rate_limited",
    ],
    ["503", (w) => w.sim.faults.failWith("GET", /interventions/, 503), "unavailable"],
    ["malformed", (w) => w.sim.faults.malformed("GET", /interventions/, "wrong-shape"), "bad_response"],
    ["timeout", (w) => w.sim.faults.delay("GET", /interventions/, 10_000), "timeout"],
  ];
  for (const [name, arrange, kind] of faults) {
    it(`fault ${name} → error branch (${kind})`, async () => {
      await step("rceHandover");
      world.sim.queueTask(rceThreadId());
      arrange(world);
      const { result, lookup: l } = await lookup({ timeBudgetMs: 2000 });
      expect(result.nextNode?.type).to.equal("rceLookupOnError");
      expect(l.error?.kind, l.error?.message).to.equal(kind);
      const text = allText(result);
      for (const secret of secretValues(world.connection)) expect(text).to.not.contain(secret);
    });
  }
});
