/**
 * The gateway's mapping of RCE webhook events to the moments the Flow gets: every consumed event
 * (src/engage/webhookEvents.ts) becomes its moment with the agent who has the conversation after it,
 * in events.md's shapes; every other registrable event is acknowledged and ignored.
 */
import { expect } from "chai";
import type { WebhookEvent } from "../../src/engage/types";
import { CONSUMED_WEBHOOK_EVENTS, momentOf } from "../../src/engage/webhookEvents";
import { lifecycleEventOf, lifecycleMomentOf } from "../../src/gateway/lifecycleEvents";
import { WEBHOOK_EVENTS } from "../contract/rceOperations";

const ISSUED = "2026-12-01T10:00:00.000Z";

function interventionEvent(type: string, extra: Partial<WebhookEvent> = {}): WebhookEvent {
  return {
    type,
    id: "ev-1",
    issued_at: ISSUED,
    user_id: "supervisor",
    resource: {
      type: "intervention",
      id: "iv-1",
      metadata: { thread_id: "rt-1", user_id: "agent-1", closed_at: "2026-12-01T09:59:59.000Z" },
    },
    ...extra,
  };
}

function taskEvent(type: string, userId: string | undefined, agentIds: string[]): WebhookEvent {
  return {
    type,
    id: "ev-2",
    issued_at: ISSUED,
    ...(userId ? { user_id: userId } : {}),
    resource: {
      type: "task",
      id: "task-1",
      metadata: { thread_id: "rt-1", intervention_id: "iv-1", agent_ids: agentIds, queue: "global" },
    },
  };
}

describe("gateway/lifecycleEvents: RCE events → the Flow's moments", () => {
  it("maps every consumed event to its moment, and no other registrable event", () => {
    for (const type of WEBHOOK_EVENTS) {
      const consumed = CONSUMED_WEBHOOK_EVENTS.find((e) => e.type === type);
      expect(lifecycleMomentOf(type), type).to.equal(consumed?.moment);
    }
    expect(momentOf("content.thread_closed")).to.equal(undefined);
  });

  it("intervention events: the intervention's agent (metadata.user_id), not who triggered it", () => {
    const event = lifecycleEventOf(
      interventionEvent("intervention.assigned"),
      "agentJoined",
      "rt-1",
      "cgy1.a.b.c",
    );
    expect(event).to.deep.include({
      type: "agentJoined",
      rceEvent: "intervention.assigned",
      eventId: "ev-1",
      interventionId: "iv-1",
      agentId: "agent-1",
      issuedAt: ISSUED,
      at: ISSUED,
    });
  });

  it("a close is dated by closed_at, ordered by issued_at", () => {
    const event = lifecycleEventOf(
      interventionEvent("intervention.closed"),
      "conversationClosed",
      "rt-1",
      "x",
    );
    expect(event).to.include({ at: "2026-12-01T09:59:59.000Z", issuedAt: ISSUED });
  });

  it("task.taken: the agent who accepted it (the event's user_id); task.transferred: the new agent", () => {
    expect(lifecycleEventOf(taskEvent("task.taken", "agent-2", []), "agentJoined", "rt-1", "x")).to.include({
      agentId: "agent-2",
      interventionId: "iv-1",
    });
    const transferred = lifecycleEventOf(
      taskEvent("task.transferred", "agent-1", ["agent-3"]),
      "agentTransferred",
      "rt-1",
      "x",
    );
    expect(transferred.agentId).to.equal("agent-3");
    expect(
      lifecycleEventOf(taskEvent("task.undelivered", undefined, []), "noAgent", "rt-1", "x").agentId,
    ).to.equal(null);
  });

  it("an integer resource id (events.md's field table) is passed on as a string", () => {
    const event = lifecycleEventOf(
      interventionEvent("intervention.opened", { resource: { type: "intervention", id: 42, metadata: {} } }),
      "agentJoined",
      "rt-1",
      "x",
    );
    expect(event.interventionId).to.equal("42");
    expect(event.agentId).to.equal("supervisor");
  });
});
