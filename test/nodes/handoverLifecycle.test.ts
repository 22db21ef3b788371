/**
 * The handover's state machine (src/nodes/shared/handoverLifecycle.ts), every event in every state:
 * which moment the Flow is told and where the handover then stands; and that an event already
 * applied, older than the state, or out of place changes nothing.
 */
import { expect } from "chai";
import type { LifecycleEvent } from "../../src/conversation/events";
import type { EscalationState, HandoverStatus } from "../../src/nodes/shared/escalationState";
import { applyLifecycleEvent, type LifecycleMoment } from "../../src/nodes/shared/handoverLifecycle";

const T0 = "2026-12-01T10:00:00.000Z";
const T1 = "2026-12-01T10:01:00.000Z";
const AGENT = "agent-grace";
const OTHER = "agent-alan";

function state(
  status: HandoverStatus,
  agent: string | null = status === "queued" ? null : AGENT,
): EscalationState {
  return {
    threadId: "cgy1.a.b.c",
    rceThreadId: "rt1",
    status,
    additionalCategoryIds: [],
    handoverCount: 1,
    lastEventAt: T0,
    appliedEventIds: ["old-1"],
    ...(agent ? { agent: { id: agent, name: "Grace Hopper" } } : {}),
  };
}

function event(
  type: LifecycleEvent["type"],
  agentId: string | null = AGENT,
  extra: Partial<LifecycleEvent> = {},
) {
  return {
    type,
    source: "rce",
    rceEvent: "x",
    eventId: `ev-${type}-${agentId}`,
    interventionId: "iv1",
    rceThreadId: "rt1",
    threadId: "cgy1.a.b.c",
    agentId,
    at: T1,
    issuedAt: T1,
    ...extra,
  } as LifecycleEvent;
}

type Row = [LifecycleEvent["type"], string | null, Record<HandoverStatus, [LifecycleMoment, HandoverStatus]>];

const I = (s: HandoverStatus): [LifecycleMoment, HandoverStatus] => ["ignored", s];

// event, its agent, then for each state: [moment, status after]
const TABLE: Row[] = [
  [
    "agentJoined",
    AGENT,
    {
      queued: ["agentJoined", "with_agent"],
      with_agent: I("with_agent"),
      away: ["agentBack", "with_agent"],
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
  [
    "agentJoined",
    OTHER,
    {
      queued: ["agentJoined", "with_agent"],
      with_agent: ["transferred", "with_agent"],
      away: ["transferred", "with_agent"],
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
  [
    "agentTransferred",
    OTHER,
    {
      queued: ["transferred", "with_agent"],
      with_agent: ["transferred", "with_agent"],
      away: ["transferred", "with_agent"],
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
  [
    "agentTransferred",
    AGENT,
    {
      queued: ["transferred", "with_agent"],
      with_agent: I("with_agent"),
      away: I("away"),
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
  [
    "agentAway",
    AGENT,
    {
      queued: ["agentAway", "away"],
      with_agent: ["agentAway", "away"],
      away: I("away"),
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
  [
    "agentBack",
    AGENT,
    {
      queued: I("queued"),
      with_agent: I("with_agent"),
      away: ["agentBack", "with_agent"],
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
  [
    "conversationClosed",
    AGENT,
    {
      queued: ["agentClosed", "ended"],
      with_agent: ["agentClosed", "ended"],
      away: ["agentClosed", "ended"],
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
  [
    "conversationReopened",
    AGENT,
    {
      queued: ["reopened", "with_agent"],
      with_agent: I("with_agent"),
      away: I("away"),
      ended: ["reopened", "with_agent"],
      cancelled: I("cancelled"),
    },
  ],
  [
    "interventionCanceled",
    AGENT,
    {
      queued: I("queued"),
      with_agent: ["requeued", "queued"],
      away: ["requeued", "queued"],
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
  [
    "noAgent",
    null,
    {
      queued: ["noAgent", "queued"],
      with_agent: ["noAgent", "queued"],
      away: ["noAgent", "queued"],
      ended: I("ended"),
      cancelled: I("cancelled"),
    },
  ],
];

describe("the handover's state machine (events × states)", () => {
  for (const [type, agent, row] of TABLE) {
    for (const [status, [moment, after]] of Object.entries(row) as [
      HandoverStatus,
      [LifecycleMoment, HandoverStatus],
    ][]) {
      it(`${type} (${agent ?? "no agent"}) while ${status} → ${moment}, ${after}`, () => {
        const before = state(status);
        const step = applyLifecycleEvent(before, event(type, agent));
        expect(step.moment).to.equal(moment);
        expect(step.state?.status).to.equal(after);
        if (moment === "ignored") {
          expect(step.state, "an ignored event changes nothing").to.equal(before);
          expect(step.reason).to.be.a("string");
        } else {
          expect(step.state?.lastEventAt).to.equal(T1);
          expect(step.state?.appliedEventIds).to.include(event(type, agent).eventId);
          if (after === "queued") expect(step.state?.agent).to.equal(undefined);
          else if (agent && agent !== before.agent?.id)
            expect(step.state?.agent).to.deep.equal({ id: agent, name: null });
        }
      });
    }
  }

  it("an event already applied changes nothing (Cognigy runs the same input twice)", () => {
    const first = applyLifecycleEvent(state("queued"), event("agentJoined"));
    expect(first.moment).to.equal("agentJoined");
    const again = applyLifecycleEvent(first.state, event("agentJoined"));
    expect(again).to.include({ moment: "ignored", reason: "already applied", state: first.state });
  });

  it("an event older than the newest applied changes nothing: a late opened after the close", () => {
    const closed = applyLifecycleEvent(state("with_agent"), event("conversationClosed"));
    const late = applyLifecycleEvent(
      { ...(closed.state as EscalationState), status: "queued" },
      event("agentJoined", OTHER, { eventId: "late", issuedAt: T0, at: T0 }),
    );
    expect(late.moment).to.equal("ignored");
    expect(late.reason).to.match(/^older/);
  });

  it("events of the same instant both apply (RCE sends opened and task.taken together)", () => {
    const joined = applyLifecycleEvent(state("queued"), event("agentJoined", AGENT, { eventId: "a" }));
    const away = applyLifecycleEvent(joined.state, event("agentAway", AGENT, { eventId: "b" }));
    expect(away.moment).to.equal("agentAway");
  });

  it("keeps at most 20 applied event ids", () => {
    let s: EscalationState | undefined = state("with_agent");
    for (let i = 0; i < 30; i++) {
      s = applyLifecycleEvent(s, event(i % 2 ? "agentBack" : "agentAway", AGENT, { eventId: `e${i}` })).state;
    }
    expect(s?.appliedEventIds).to.have.length(20);
    expect(s?.appliedEventIds?.at(-1)).to.equal("e29");
  });

  it("without a handover nothing applies", () => {
    expect(applyLifecycleEvent(undefined, event("agentJoined")).moment).to.equal("ignored");
  });
});
