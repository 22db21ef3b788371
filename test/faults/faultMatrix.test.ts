/**
 * Every node and the gateway × every failure the Engage client knows. Each cell asserts the branch
 * taken, that the message is actionable, that no secret appears anywhere, and — after the fault is
 * cleared and the same turn runs again — that nothing was duplicated or lost.
 */
import { expect } from "chai";
import { allText, type HarnessResult } from "../harness";
import { Conversation } from "../support/conversation";
import { DOCS, readDoc } from "../support/docs";
import { secretValues, startWorld, type World } from "../support/e2e";
import { startGatewayWorld } from "../support/gatewayWorld";
import {
  expectedOutcome,
  FAILURES,
  type Failure,
  matrixTable,
  NODES,
  type NodeUnderTest,
  type Outcome,
  SLOW_IMPORT,
} from "./matrix";

const SESSION = { userId: "matrix-user", sessionId: "matrix-session", URLToken: "matrix-token" };
/** Words of a message that tells the builder what to do next. */
const ACTIONABLE =
  /check|Check|try again|wait|setup step|raise|Base API URL|Realtime|permission|time budget|agent/;

async function turn(
  world: World,
  type: string,
  inputId: string,
  config: Record<string, unknown> = {},
): Promise<HarnessResult> {
  return new Conversation(world, SESSION).step(type, config, { inputId });
}

/** Messages RCE holds for the conversation, by their Send API id: duplicates would show twice. */
function contentIds(world: World): string[] {
  return [...world.sim.store.contents.values()].map((c) => c.foreign_id ?? "").filter(Boolean);
}

async function runCell(node: NodeUnderTest, failure: Failure | undefined, expected: Outcome): Promise<void> {
  const world = await startWorld();
  try {
    const conversation = new Conversation(world, SESSION);
    const prepare = failure ? node.prepare : (node.slowImportPrepare ?? node.prepare);
    for (const [i, type] of prepare.entries()) await conversation.step(type, {}, { inputId: `prep-${i}` });
    await world.sim.waitForImports();
    const config: Record<string, unknown> = { ...failure?.config };
    if (failure) failure.arrange(world);
    else {
      world.sim.setImportDelay(1200);
      config.maxImportWaitMs = 300;
    }
    const failed = await conversation.step(node.type, config, { inputId: "the-turn" });
    const text = allText(failed);
    for (const secret of secretValues(world.connection))
      expect(text, "a secret leaked").to.not.contain(secret);
    if (expected === "ok") {
      expect(failed.nextNode?.type).to.equal(node.success);
    } else if (node.reportBranch) {
      expect(failed.nextNode?.type).to.equal(node.reportBranch);
      const report = failed.input[node.resultKey] as {
        checks: { status: string; detail: string; permanent?: boolean; fix?: { action: string } }[];
      };
      const failing = report.checks.filter(
        (c) => c.status === "fail" || (c.status === "cannot check" && !c.permanent),
      );
      expect(failing.length, "at least one check did not pass").to.be.greaterThan(0);
      for (const check of failing)
        expect(`${check.detail} ${check.fix?.action ?? ""}`, "actionable").to.match(ACTIONABLE);
    } else {
      expect(failed.nextNode?.type).to.equal(node.error);
      const error = (failed.input[node.resultKey] as { error: { kind: string; message: string } }).error;
      expect(error.kind, error.message).to.equal(expected);
      expect(error.message, "actionable").to.match(ACTIONABLE);
      expect(error.message).to.not.contain("Unexpected failure");
    }

    // Nothing duplicated or lost: the same turn again, RCE healthy, succeeds and adds no second copy.
    world.sim.faults.clear();
    world.sim.setImportDelay(0);
    await world.sim.waitForImports();
    const again = await conversation.step(node.type, {}, { inputId: "the-turn" });
    expect(again.nextNode?.type, JSON.stringify(again.input[node.resultKey])).to.equal(node.success);
    await world.sim.waitForImports();
    const ids = contentIds(world);
    expect(new Set(ids).size, "duplicated message in RCE").to.equal(ids.length);
  } finally {
    await world.close();
  }
}

describe("fault matrix: nodes × failures", function () {
  this.timeout(30_000);
  for (const failure of FAILURES) {
    describe(failure.name, () => {
      for (const node of NODES) {
        const expected = expectedOutcome(node, failure);
        it(`${node.label} → ${expected}`, () => runCell(node, failure, expected));
      }
    });
  }
  describe(SLOW_IMPORT, () => {
    for (const node of NODES)
      it(`${node.label} → ${node.slowImport}`, () => runCell(node, undefined, node.slowImport));
  });
});

describe("fault matrix: gateway × failures", function () {
  this.timeout(30_000);

  async function gatewayWorld() {
    const logs: string[] = [];
    const { world, cognigy, close } = await startGatewayWorld({
      verifyToken: "matrix-verify-7c41e09b",
      log: (l, e, f) => logs.push(JSON.stringify({ l, e, ...f })),
      delivery: { attempts: 2, timeoutMs: 500, backoffMs: 10 },
    });
    const handover = await turn(world, "rceHandover", "gw-1");
    await world.sim.waitForImports();
    const rceThreadId = (handover.input.rceHandover as { rceThreadId: string }).rceThreadId;
    return { world, cognigy, logs, rceThreadId, close };
  }

  for (const failure of FAILURES) {
    it(`${failure.name} on the webhook's thread lookup → ${failure.gateway}`, async () => {
      const g = await gatewayWorld();
      try {
        const events = [
          {
            type: "intervention.closed",
            id: `ev-${failure.name}`,
            resource: { type: "intervention", id: "int-1", metadata: { thread_id: g.rceThreadId } },
          },
        ];
        failure.arrange(g.world);
        const first = await g.world.sim.deliverWebhook(events, { payloadId: "p-1" });
        g.world.sim.faults.clear();
        if (failure.gateway.startsWith("200")) {
          expect(first.status).to.equal(200);
          expect(g.cognigy.delivered("inject")).to.have.length(0);
        } else {
          expect(first.status).to.equal(503);
          const second = await g.world.sim.deliverWebhook(events, { payloadId: "p-1" });
          const third = await g.world.sim.deliverWebhook(events, { payloadId: "p-1" });
          expect([second.status, third.status]).to.deep.equal([200, 200]);
          expect(g.cognigy.delivered("inject"), "delivered exactly once").to.have.length(1);
        }
        for (const secret of secretValues(g.world.connection))
          expect(g.logs.join("\n")).to.not.contain(secret);
      } finally {
        await g.close();
      }
    });
  }

  it("Cognigy endpoint down → agent reply retried by RCE and delivered once; webhook 503 then delivered once", async () => {
    const g = await gatewayWorld();
    try {
      const threadId = (g.world.sim.store.threads.get(g.rceThreadId)?.foreign_id ?? "") as string;
      g.cognigy.failNext(2, 503);
      const reply = {
        thread_id: threadId,
        body: "Hello from Grace",
        format: "text" as const,
        content_id: "content-matrix",
      };
      const first = await g.world.sim.pushAgentReply({ ...reply, retry: false });
      expect(first.json).to.nested.include({ "error.fatal": false });
      const second = await g.world.sim.pushAgentReply({ ...reply, retry: true });
      expect(second.json).to.have.property("id");
      await g.world.sim.pushAgentReply({ ...reply, retry: true });
      expect(g.cognigy.delivered("notify")).to.have.length(1);

      g.cognigy.failNext(2, 503);
      const events = [
        {
          type: "intervention.closed",
          id: "ev-down",
          resource: { type: "intervention", id: "int-1", metadata: { thread_id: g.rceThreadId } },
        },
      ];
      expect((await g.world.sim.deliverWebhook(events)).status).to.equal(503);
      expect((await g.world.sim.deliverWebhook(events)).status).to.equal(200);
      expect(g.cognigy.delivered("inject")).to.have.length(1);
    } finally {
      await g.close();
    }
  });
});

describe("fault matrix: the README shows the matrix the tests run", () => {
  it("README.md contains the generated table", () => {
    const readme = readDoc(DOCS.development);
    expect(
      readme,
      "run `npx tsx scripts/fault-matrix.ts` and paste its table into docs/development.md",
    ).to.contain(matrixTable());
  });
});
