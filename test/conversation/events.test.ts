import { expect } from "chai";
import {
  flowMessage,
  HANDOVER_EVENT_TYPES,
  type HandoverEvent,
  handoverEventOf,
  queueUpdateOf,
} from "../../src/conversation/events";

describe("conversation/events: what the gateway tells the Flow", () => {
  const closed: HandoverEvent = {
    type: "conversationClosed",
    source: "rce",
    threadId: "cgy1.a.b.c",
    rceEvent: "intervention.closed",
    eventId: "e1",
    interventionId: "i1",
    rceThreadId: "t1",
    agentId: null,
    at: "2026-11-25T10:00:00Z",
    issuedAt: "2026-11-25T10:00:00Z",
  };

  it("reads back every event type the gateway builds, from input.data", () => {
    for (const type of HANDOVER_EVENT_TYPES) {
      const message = flowMessage({ ...closed, type } as HandoverEvent, "hi");
      expect(handoverEventOf({ text: message.text, data: message.data })?.type).to.equal(type);
    }
  });

  it("ignores what is not one of ours, prototype names included", () => {
    for (const data of [
      undefined,
      {},
      { handover: "x" },
      { handover: { type: "constructor", source: "rce" } },
      { handover: { type: "agentReply" } },
      { handover: [closed] },
    ])
      expect(handoverEventOf({ data })).to.equal(undefined);
  });

  it("reads queue updates with numbers as numbers or numeric strings, and only non-negative ones", () => {
    expect(
      queueUpdateOf({ type: "queueUpdate", position: "3", estimatedWaitTime: 60000, receivedAt: "nope" }),
    ).to.deep.equal({
      position: 3,
      estimatedWaitTime: 60000,
      receivedAt: undefined,
      threadId: undefined,
    });
    expect(queueUpdateOf({ type: "agentReply", position: 1 })).to.equal(undefined);
    expect(queueUpdateOf({ position: -1 })).to.equal(undefined);
  });
});
