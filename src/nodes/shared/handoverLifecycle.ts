/**
 * The handover's state machine: how one RCE event (conversation/events.ts LifecycleEvent) moves the
 * escalation state, and which moment the Flow is told. Pure: no RCE request, no clock.
 *
 *   queued ──joined──► with_agent ──deferred──► away ──reactivated──► with_agent
 *      ▲                 │  ▲ transferred (another agent)
 *      └─ cancelled by the agent / abandoned in the workbin (back in the queue)
 *   queued | with_agent | away ──closed──► ended ──reopened──► with_agent (also from queued)
 *   queued ──the user cancels (Route to RCE)──► cancelled
 *
 * Applied idempotently: an event already applied (its id), older than the newest one applied (RCE's
 * `issued_at`; delivery is unordered), or that does not fit the state (a late "opened" after the
 * close, a second close) changes nothing and is `ignored`: no branch that speaks to the user.
 */
import type { LifecycleEvent } from "../../conversation/events";
import { type EscalationState, RECENT_EVENT_IDS } from "./escalationState";

/** What the Flow is told: one Route to RCE branch each, `ignored` when nothing changed. */
export type LifecycleMoment =
  | "agentJoined"
  | "transferred"
  | "requeued"
  | "agentAway"
  | "agentBack"
  | "agentClosed"
  | "reopened"
  | "noAgent"
  | "ignored";

export interface LifecycleStep {
  moment: LifecycleMoment;
  /** The state after the event; the same object when ignored. */
  state: EscalationState | undefined;
  /** Why an event was ignored, for the result. */
  reason?: string;
}

function ignored(state: EscalationState | undefined, reason: string): LifecycleStep {
  return { moment: "ignored", state, reason };
}

function time(iso: string | undefined): number {
  const t = Date.parse(iso ?? "");
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** The moment and next status for an event in a state, or why it does not apply. */
function transition(
  state: EscalationState,
  event: LifecycleEvent,
): { moment: Exclude<LifecycleMoment, "ignored">; status: EscalationState["status"] } | string {
  const { status } = state;
  const sameAgent = event.agentId !== null && state.agent?.id === event.agentId;
  const inProgress = status === "queued" || status === "with_agent" || status === "away";
  switch (event.type) {
    case "agentJoined":
      if (status === "queued") return { moment: "agentJoined", status: "with_agent" };
      if (status === "away")
        return {
          moment: sameAgent || event.agentId === null ? "agentBack" : "transferred",
          status: "with_agent",
        };
      if (status === "with_agent" && !sameAgent && event.agentId !== null)
        return { moment: "transferred", status: "with_agent" };
      return inProgress ? "an agent already has it" : `the handover is ${status}`;
    case "agentTransferred":
      if (!inProgress) return `the handover is ${status}`;
      if (sameAgent) return "that agent already has it";
      return { moment: "transferred", status: "with_agent" };
    case "agentAway":
      if (status === "with_agent" || status === "queued") return { moment: "agentAway", status: "away" };
      return status === "away" ? "already away" : `the handover is ${status}`;
    case "agentBack":
      return status === "away" ? { moment: "agentBack", status: "with_agent" } : "the agent was not away";
    case "conversationClosed":
      return inProgress ? { moment: "agentClosed", status: "ended" } : `the handover is already ${status}`;
    case "conversationReopened":
      // After the close, or while a new handover waits: the user's message reopened the agent's
      // intervention (events.md: "by receiving a new message from the identity"), so that agent has it.
      return status === "ended" || status === "queued"
        ? { moment: "reopened", status: "with_agent" }
        : `the handover is ${status}`;
    case "interventionCanceled":
      return status === "with_agent" || status === "away"
        ? { moment: "requeued", status: "queued" }
        : `the handover is ${status}`;
    case "noAgent":
      return inProgress ? { moment: "noAgent", status: "queued" } : `the handover is ${status}`;
  }
}

export function applyLifecycleEvent(
  state: EscalationState | undefined,
  event: LifecycleEvent,
): LifecycleStep {
  if (!state) return ignored(state, "no handover in this conversation");
  if (state.appliedEventIds?.includes(event.eventId)) return ignored(state, "already applied");
  if (time(event.issuedAt) < time(state.lastEventAt))
    return ignored(state, `older (${event.issuedAt}) than the newest event applied (${state.lastEventAt})`);
  const next = transition(state, event);
  if (typeof next === "string") return ignored(state, next);
  const agent =
    next.status === "queued"
      ? undefined
      : event.agentId && event.agentId !== state.agent?.id
        ? { id: event.agentId, name: null }
        : state.agent;
  return {
    moment: next.moment,
    state: {
      ...state,
      status: next.status,
      agent,
      lastEventAt: time(event.issuedAt) > time(state.lastEventAt) ? event.issuedAt : state.lastEventAt,
      appliedEventIds: [...(state.appliedEventIds ?? []), event.eventId].slice(-RECENT_EVENT_IDS),
      ...(next.status === "queued" ? {} : { waitingMessage: undefined }),
    },
  };
}
