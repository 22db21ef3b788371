/**
 * setup step 5 (docs/rce-setup.md) lists the webhook events an admin subscribes to: exactly the product's one list
 * (src/engage/webhookEvents.ts), in its order, each with the Route to RCE branch the list's moment
 * takes. Every listed event must be one RCE lets a webhook register (the spec's enum).
 */
import { expect } from "chai";
import { CONSUMED_WEBHOOK_EVENTS, type HandoverMoment } from "../../src/engage/webhookEvents";
import { routeNode } from "../../src/nodes/route/node";
import { WEBHOOK_EVENTS } from "../contract/rceOperations";
import { DOCS, readDoc } from "../support/docs";

const README = readDoc(DOCS.rceSetup);

function stepFive(): string {
  const start = README.indexOf("5. **Webhook**");
  const end = README.indexOf("6. **Base API URL**", start);
  expect(start, "README has setup step 5").to.be.greaterThan(0);
  return README.slice(start, end);
}

/** The branch each moment takes in Route to RCE (src/nodes/route). */
const BRANCH_OF: Record<HandoverMoment, string> = {
  agentJoined: "Agent joined",
  agentTransferred: "Transferred",
  agentAway: "Agent away",
  agentBack: "Agent back",
  conversationReopened: "Reopened",
  conversationClosed: "Agent closed",
  interventionCanceled: "Transferred",
  noAgent: "No agent took it",
};

describe("setup step 5 (docs/rce-setup.md): the webhook's events", () => {
  it("lists exactly the consumed events, in order, with the branch each takes", () => {
    const rows = [...stepFive().matchAll(/^\s*\| `([a-z_.]+)` \| ([^|]+?)(?: \([^)]*\))? \|$/gm)].map(
      (m) => ({
        type: m[1],
        branch: m[2].trim(),
      }),
    );
    expect(rows).to.deep.equal(
      CONSUMED_WEBHOOK_EVENTS.map((e) => ({ type: e.type, branch: BRANCH_OF[e.moment] })),
    );
    expect(stepFive()).to.include(`these ${CONSUMED_WEBHOOK_EVENTS.length} events`);
  });

  it("names branches Route to RCE has", () => {
    const labels = routeNode.children.map((child) => child.defaultLabel);
    for (const branch of Object.values(BRANCH_OF)) expect(labels).to.include(branch);
  });

  it("subscribes only to events a webhook may register (the spec's registered_events[] enum)", () => {
    for (const e of CONSUMED_WEBHOOK_EVENTS) expect(WEBHOOK_EVENTS as readonly string[]).to.include(e.type);
  });
});
