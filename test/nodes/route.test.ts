/**
 * Route to RCE on its own (built bundle, Cognigy harness, RCE simulator): queue updates while
 * waiting (thresholds as Lookup Queue Status, the waiting message repeated with the Cancel Button),
 * queue updates after an agent joined, input.handover, and the fallback branches of a Flow whose node
 * was placed before the lifecycle branches existed.
 */
import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { runNode } from "../harness";
import type { NodeDescriptor } from "../harness/types";
import { builtNode, startWorld, type World } from "../support/e2e";

const SESSION = { userId: "u-route", sessionId: "s-route", URLToken: "tok-route" };
const THREAD = threadIdFor(SESSION);

function stateOf(status: string, extra: Record<string, unknown> = {}) {
  return {
    rceHandoverState: {
      threadId: THREAD,
      rceThreadId: "rt-1",
      status,
      additionalCategoryIds: [],
      handoverCount: 1,
      escalatedAt: new Date().toISOString(),
      ...extra,
    },
  };
}

const queueUpdate = (position: number, waitMs = 60_000) => ({
  ...SESSION,
  text: "",
  data: {
    handover: {
      type: "queueUpdate",
      source: "rce",
      threadId: THREAD,
      position,
      estimatedWaitTime: waitMs,
      receivedAt: new Date().toISOString(),
    },
  },
});

describe("Route to RCE: while waiting, and Flows placed before its lifecycle branches", function () {
  this.timeout(20_000);
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => world.close());

  const route = (
    descriptor: NodeDescriptor,
    input: Record<string, unknown>,
    context: Record<string, unknown>,
    config: Record<string, unknown> = {},
  ) => runNode(descriptor, { config: { connection: world.connection, ...config }, input, context });
  const node = () => builtNode("rceRoute") as unknown as NodeDescriptor;

  it("a queue update over Maximum queue position takes Over threshold, as Lookup Queue Status does", async () => {
    const within = await route(node(), queueUpdate(3), stateOf("queued"), { maxPosition: 3 });
    expect(within.nextNode?.type).to.equal("rceRouteOnQueueUpdate");
    const over = await route(node(), queueUpdate(4), stateOf("queued"), { maxPosition: 3 });
    expect(over.nextNode?.type).to.equal("rceRouteOnOverThreshold");
    const long = await route(node(), queueUpdate(1, 11 * 60_000), stateOf("queued"), { maxWaitMinutes: 10 });
    expect(long.nextNode?.type).to.equal("rceRouteOnOverThreshold");
    expect(long.input.handover).to.deep.include({
      status: "queue",
      data: { position: 1, estimatedWaitTime: 660_000 },
    });
  });

  it("repeats the waiting message every N queue updates, with the Cancel Button as a quick reply", async () => {
    const config = {
      waitingMessage: "Still looking for a colleague.",
      repeatEveryUpdates: 2,
      cancelButton: "Cancel",
    };
    let context: Record<string, unknown> = stateOf("queued");
    const said: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const run = await route(node(), queueUpdate(5 - i), context, config);
      said.push(run.outputs[0]?.text);
      context = run.context;
      if (i === 1) {
        expect(run.outputs[0]?.data).to.deep.nested.include({
          "_cognigy._default._quickReplies.quickReplies[0].title": "Cancel",
          "_cognigy._default._quickReplies.quickReplies[0].payload": "Cancel",
        });
      }
    }
    expect(said).to.deep.equal([undefined, config.waitingMessage, undefined, config.waitingMessage]);
    expect(world.sim.requests, "queue updates cost no RCE request").to.have.length(0);
  });

  it("repeats the waiting message after N minutes, on the next input while waiting", async () => {
    const config = { waitingMessage: "Still looking.", repeatEveryMinutes: 5 };
    const fresh = await route(
      node(),
      queueUpdate(2),
      stateOf("queued", { waitingMessage: { updatesSince: 0, saidAt: new Date().toISOString() } }),
      config,
    );
    expect(fresh.outputs).to.have.length(0);
    const old = new Date(Date.now() - 6 * 60_000).toISOString();
    const later = await route(
      node(),
      queueUpdate(2),
      stateOf("queued", { waitingMessage: { updatesSince: 0, saidAt: old } }),
      config,
    );
    expect(later.outputs[0]?.text).to.equal("Still looking.");
  });

  it("a queue update after the agent joined tells the Flow nothing new", async () => {
    const run = await route(
      node(),
      queueUpdate(1),
      stateOf("with_agent", { agent: { id: "a1", name: "Grace" } }),
    );
    expect(run.nextNode?.type).to.equal("rceRouteOnNothingNew");
    expect(run.input.handover).to.include({ status: "active" });
    expect(run.outputs).to.have.length(0);
  });

  it("Agent joined is taken even when RCE cannot give the agent's name now (name null, never the id)", async () => {
    world.sim.faults.failWith("GET", "/users", 503, { message: "down" });
    const joined = {
      ...SESSION,
      data: {
        handover: {
          type: "agentJoined",
          source: "rce",
          threadId: THREAD,
          rceEvent: "intervention.opened",
          eventId: "e-join",
          interventionId: "iv",
          rceThreadId: "rt-1",
          agentId: "agent-x",
          at: new Date().toISOString(),
          issuedAt: new Date().toISOString(),
        },
      },
    };
    const run = await route(node(), joined, stateOf("queued"));
    expect(run.nextNode?.type).to.equal("rceRouteOnAgentJoined");
    expect(run.input.rceRoute).to.deep.include({ agent: { id: "agent-x", name: null } });
  });

  it("a Flow whose node has only the first five branches takes each new branch's fallback", async () => {
    const current = node();
    const old = {
      ...current,
      dependencies: {
        children: [
          "rceRouteOnAgentClosed",
          "rceRouteOnAgentJoined",
          "rceRouteOnQueueUpdate",
          "rceRouteWithAgent",
          "rceRouteWithBot",
          "rceRouteOnError",
        ],
      },
    } as NodeDescriptor;
    const over = await route(old, queueUpdate(9), stateOf("queued"), { maxPosition: 3 });
    expect(over.nextNode?.type, "Over threshold → Queue update").to.equal("rceRouteOnQueueUpdate");
    const late = await route(old, queueUpdate(1), stateOf("with_agent", { agent: { id: "a1", name: "G" } }));
    expect(late.nextNode?.type, "Nothing new → With agent").to.equal("rceRouteWithAgent");
    const away = {
      ...SESSION,
      data: {
        handover: {
          type: "agentAway",
          source: "rce",
          threadId: THREAD,
          rceEvent: "intervention.deferred",
          eventId: "e-away",
          interventionId: "iv",
          rceThreadId: "rt-1",
          agentId: "a1",
          at: new Date().toISOString(),
          issuedAt: new Date().toISOString(),
        },
      },
    };
    const deferred = await route(old, away, stateOf("with_agent", { agent: { id: "a1", name: "G" } }));
    expect(deferred.nextNode?.type, "Agent away → With agent").to.equal("rceRouteWithAgent");
    expect(deferred.input.handover).to.include({ status: "deferred" });
  });
});
