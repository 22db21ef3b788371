/**
 * Route to RCE, the behaviour: what one input means for the handover, decided before the bot's own
 * logic runs. In this order:
 *
 *   RCE's lifecycle event    applied to the handover's state machine (shared/handoverLifecycle.ts):
 *                            joined, transferred, away, back, closed (give back), reopened, no agent;
 *                            an event older than the state, repeated or out of place: Nothing new
 *   a queue update           while waiting: Queue update or Over threshold (the waiting message
 *                            repeated when due); after an agent joined: Nothing new
 *   an agent's reply         With agent (replies go to the user through notify, not the Flow)
 *   a user turn, handover    waiting and the user cancels: Cancelled by user (not relayed);
 *                            otherwise the turn goes to the agent
 *   otherwise                the bot's turn; with mirroring, the bot's previous answers and this
 *                            turn are posted to RCE first (the thread stays in the Bot category)
 */
import { type HandoverEvent, LIFECYCLE_EVENT_TYPES, type LifecycleEvent } from "../../conversation/events";
import { decodePick } from "../../conversation/picks";
import { threadIdOf } from "../../conversation/threadId";
import type { EngageClient } from "../../engage/client";
import { isEngageError } from "../../engage/errors";
import type { SdkAttachment, SdkStructuredContent, SdkUser } from "../../engage/types";
import { type EndHandoverResult, endHandover } from "../endHandover/endHandover";
import { type SendMessageResult, sendMessage } from "../sendMessage/sendMessage";
import { type BriefOutcome, deliverBrief, openIntervention } from "../shared/agentBrief";
import { readAgentName } from "../shared/agents";
import { cancelQuickReply } from "../shared/cancelButton";
import { escalatedCategories } from "../shared/categories";
import { ESCALATION_STATE_KEY, type EscalationState, isActive } from "../shared/escalationState";
import { applyLifecycleEvent, type LifecycleMoment } from "../shared/handoverLifecycle";
import { INPUT_HANDOVER_STATUS, inputHandover } from "../shared/inputHandover";
import { MIRRORING_KEY } from "../shared/mirroring";
import type { NodeOutcome } from "../shared/outcome";
import type { QueueUpdate } from "../shared/queueSignals";
import { overThreshold, type ThresholdConfig } from "../shared/queueThresholds";
import { recategorizeConversation } from "../shared/rceThread";
import { botOutputsSincePreviousTurn, pickOf, type RecentTurn } from "../shared/recentTurns";
import { type CancelResult, cancelHandover } from "./cancel";
import { asksToCancel, nextWaitingStep, type WaitingOptions } from "./waiting";

export type RouteBranch =
  | "withBot"
  | "withAgent"
  | "queueUpdate"
  | "overThreshold"
  | "agentJoined"
  | "transferred"
  | "agentAway"
  | "agentBack"
  | "agentClosed"
  | "reopened"
  | "noAgent"
  | "cancelled"
  | "nothingNew";

export interface RouteArgs {
  threadId: string;
  inputId: string;
  /** The handover event the gateway sent with this input, if any. */
  event?: HandoverEvent;
  /** A queue update carried by this input (the event, or another place Cognigy puts queue data). */
  queueUpdate?: QueueUpdate;
  state?: EscalationState;
  userText: string;
  /** The intent Cognigy's NLU found in this input. */
  intent?: string;
  attachments: SdkAttachment[];
  customer: () => SdkUser;
  bot: () => SdkUser;
  mirror: boolean;
  /** Cognigy's recent turns; undefined when the runtime gives extensions none. */
  recentTurns?: RecentTurn[];
  maxImportWaitMs: number;
  thresholds: ThresholdConfig;
  waiting: WaitingOptions;
  cancelIntent: string;
  now: Date;
}

type Agent = { id: string; name: string | null } | null;

/** Where the note and custom fields Handover to RCE left went, at the moment they could. */
type ForAgent = { forAgent?: Omit<BriefOutcome, "pending"> };

export type RouteResult = ForAgent &
  (
    | { status: "agent_closed"; end: EndHandoverResult }
    | { status: "agent_joined"; agentId: string | null; agent: Agent }
    | { status: "transferred"; agent: Agent; requeued?: true }
    | { status: "agent_away"; agent: Agent }
    | { status: "agent_back"; agent: Agent }
    | { status: "reopened"; agent: Agent; categoryIds: string[]; categoriesChanged: boolean }
    | { status: "no_agent"; rceEvent: string }
    | { status: "nothing_new"; rceEvent?: string; reason: string }
    | ({ status: "cancelled" } & Omit<CancelResult, "status">)
    | {
        status: "queue_update";
        position?: number;
        estimatedWaitTimeMs?: number;
        receivedAt: string;
        overThreshold: boolean;
        waitingMessageSaid: boolean;
      }
    | { status: "with_agent"; relayed: SendMessageResult; waitingMessageSaid: boolean }
    | { status: "with_agent"; agentReplySeen: true }
    | {
        status: "with_bot";
        mirrored: false;
      }
    | {
        status: "with_bot";
        mirrored: true;
        user: SendMessageResult;
        /** The bot's answers since the previous turn, as one message; or why they could not be read. */
        botOutputs:
          | { posted: number; message?: SendMessageResult; messages?: SendMessageResult[] }
          | { unavailable: string };
      }
  );

export interface RouteOutcome {
  branch: RouteBranch;
  result: RouteResult;
  /** The escalation state to keep, when it changed. */
  state?: EscalationState;
  /** Say the waiting message again (with the cancel button). */
  sayWaiting?: true;
}

const NO_RECENT_TURNS =
  "this Cognigy runtime gives extension nodes no lastConversationEntries, so only the user's turns are mirrored; mirror the bot's answers with Send Message to RCE (Message from: The bot)";

function isLifecycle(event: HandoverEvent | undefined): event is LifecycleEvent {
  return event !== undefined && LIFECYCLE_EVENT_TYPES.has(event.type);
}

/**
 * The agent with the name RCE shows (GET /users/{id}), read once per agent and kept in the state.
 * The moment matters more than the name: when RCE cannot say it now, the name is null (read again
 * at the next moment), never the internal id, and the branch is still taken.
 */
async function named(client: EngageClient, state: EscalationState): Promise<EscalationState> {
  const agent = state.agent;
  if (!agent || agent.name) return state;
  let name: string | undefined;
  try {
    name = await readAgentName(client, agent.id);
  } catch (error) {
    if (!isEngageError(error)) throw error;
  }
  return { ...state, agent: { id: agent.id, name: name ?? null } };
}

async function applyEvent(
  client: EngageClient,
  args: RouteArgs,
  event: LifecycleEvent,
): Promise<RouteOutcome> {
  const step = applyLifecycleEvent(args.state, event);
  const moment: LifecycleMoment = step.moment;
  if (moment === "ignored" || !step.state) {
    return {
      branch: "nothingNew",
      result: { status: "nothing_new", rceEvent: event.rceEvent, reason: step.reason ?? "nothing changed" },
    };
  }
  const state = step.state;
  switch (moment) {
    case "agentJoined": {
      const next = await named(client, state);
      return {
        branch: "agentJoined",
        result: { status: "agent_joined", agentId: next.agent?.id ?? null, agent: next.agent ?? null },
        state: next,
      };
    }
    case "transferred": {
      const next = await named(client, state);
      return {
        branch: "transferred",
        result: { status: "transferred", agent: next.agent ?? null },
        state: next,
      };
    }
    case "requeued":
      return { branch: "transferred", result: { status: "transferred", agent: null, requeued: true }, state };
    case "agentAway":
      return { branch: "agentAway", result: { status: "agent_away", agent: state.agent ?? null }, state };
    case "agentBack": {
      const next = await named(client, state);
      return {
        branch: "agentBack",
        result: { status: "agent_back", agent: next.agent ?? null },
        state: next,
      };
    }
    case "noAgent":
      return { branch: "noAgent", result: { status: "no_agent", rceEvent: event.rceEvent }, state };
    case "agentClosed": {
      const { result, state: ended } = await endHandover(client, {
        threadId: args.threadId,
        state,
        closeIntervention: false,
        maxImportWaitMs: args.maxImportWaitMs,
      });
      return {
        branch: "agentClosed",
        result: { status: "agent_closed", end: result },
        state: { ...state, ...ended, status: "ended" },
      };
    }
    case "reopened": {
      // The conversation goes back to the agent: the Agent category again, so it shows in their folder.
      const located = await recategorizeConversation(
        client,
        { threadId: args.threadId, state, maxImportWaitMs: args.maxImportWaitMs },
        (current) => escalatedCategories(current, client.settings, state.additionalCategoryIds),
      );
      const next = await named(client, { ...state, rceThreadId: located.thread.id });
      return {
        branch: "reopened",
        result: {
          status: "reopened",
          agent: next.agent ?? null,
          categoryIds: located.categoryIds,
          categoriesChanged: located.categoriesChanged,
        },
        state: next,
      };
    }
  }
}

function routeQueueUpdate(args: RouteArgs, update: QueueUpdate): RouteOutcome {
  const { position, estimatedWaitTimeMs, receivedAt } = update;
  const state = args.state;
  if (state && state.status !== "queued") {
    return {
      branch: "nothingNew",
      result: { status: "nothing_new", reason: `a queue update while the handover is ${state.status}` },
    };
  }
  const over = overThreshold({ position, estimatedWaitTimeMs }, args.thresholds);
  const waiting = state ? nextWaitingStep(state, args.waiting, args.now, true) : undefined;
  return {
    branch: over ? "overThreshold" : "queueUpdate",
    result: {
      status: "queue_update",
      position,
      estimatedWaitTimeMs,
      receivedAt,
      overThreshold: over,
      waitingMessageSaid: waiting?.due === true,
    },
    state: state
      ? {
          ...state,
          lastQueueUpdate: { position, estimatedWaitTimeMs, receivedAt },
          waitingMessage: waiting?.waitingMessage,
        }
      : undefined,
    ...(waiting?.due ? { sayWaiting: true as const } : {}),
  };
}

const AGENT_MOMENTS: ReadonlySet<RouteBranch> = new Set<RouteBranch>([
  "agentJoined",
  "transferred",
  "agentBack",
  "reopened",
]);

/**
 * The brief Handover to RCE left (note, custom fields) goes on the intervention at the first moment
 * an agent has it: the event names the intervention, or the thread's open one is read.
 */
async function deliverPendingBrief(
  client: EngageClient,
  event: LifecycleEvent,
  outcome: RouteOutcome,
): Promise<RouteOutcome> {
  const state = outcome.state;
  if (!state?.brief || !AGENT_MOMENTS.has(outcome.branch) || !isActive(state)) return outcome;
  const intervention = event.interventionId
    ? { id: event.interventionId, user_id: event.agentId ?? state.agent?.id ?? null }
    : state.rceThreadId
      ? await openIntervention(client, state.rceThreadId)
      : undefined;
  const delivered = await deliverBrief(client, state.brief, intervention, state.agent?.id);
  const { brief: _delivered, ...rest } = state;
  return {
    ...outcome,
    result: { ...outcome.result, forAgent: { note: delivered.note, customFields: delivered.customFields } },
    state: delivered.pending ? { ...rest, brief: delivered.pending } : rest,
  };
}

export async function route(client: EngageClient, args: RouteArgs): Promise<RouteOutcome> {
  const event = args.event;
  if (isLifecycle(event)) return deliverPendingBrief(client, event, await applyEvent(client, args, event));
  if (args.queueUpdate) return routeQueueUpdate(args, args.queueUpdate);
  if (event?.type === "agentReply") {
    // Replies reach the user through Cognigy's notify, which runs no Flow; an endpoint that injects
    // them anyway must not make the bot answer.
    return { branch: "withAgent", result: { status: "with_agent", agentReplySeen: true } };
  }

  // A choice of the agent's structured message goes back as its title and RCE's structured_reply.
  const pick = decodePick(args.userText);
  const postUserTurn = () =>
    sendMessage(client, {
      threadId: args.threadId,
      inputId: args.inputId,
      from: "user",
      author: args.customer(),
      text: pick ? pick.title : args.userText,
      attachments: args.attachments,
      ...(pick
        ? {
            pick: {
              payload: pick.payload,
              // Only a message of this conversation: the pick came through the user's hands.
              inReplyToId: threadIdOf(pick.replyTo) === args.threadId ? pick.replyTo : undefined,
            },
          }
        : {}),
    });

  const active = isActive(args.state) ? args.state : undefined;
  if (active) {
    const waitingForAgent = active.status === "queued";
    if (
      waitingForAgent &&
      asksToCancel(
        { text: args.userText, intent: args.intent },
        { intent: args.cancelIntent, button: args.waiting.cancelButton },
      )
    ) {
      const { result, state } = await cancelHandover(client, {
        threadId: args.threadId,
        state: active,
        maxImportWaitMs: args.maxImportWaitMs,
      });
      return { branch: "cancelled", result: { ...result }, state };
    }
    const relayed = await postUserTurn();
    const waiting = waitingForAgent ? nextWaitingStep(active, args.waiting, args.now, false) : undefined;
    return {
      branch: "withAgent",
      result: { status: "with_agent", relayed, waitingMessageSaid: waiting?.due === true },
      ...(waiting ? { state: { ...active, waitingMessage: waiting.waitingMessage } } : {}),
      ...(waiting?.due ? { sayWaiting: true as const } : {}),
    };
  }

  if (!args.mirror) return { branch: "withBot", result: { status: "with_bot", mirrored: false } };
  let botOutputs: Extract<RouteResult, { mirrored: true }>["botOutputs"];
  let userPick: { payload?: string; inReplyToId?: string; title: string } | undefined;
  if (!args.recentTurns) {
    botOutputs = { unavailable: NO_RECENT_TURNS };
  } else {
    const outputs = botOutputsSincePreviousTurn(args.recentTurns, args.userText);
    // Before the user's turn, so RCE shows them in the order the user saw them.
    const mirrored = await mirrorBotOutputs(client, args, outputs);
    botOutputs = {
      posted: outputs.length,
      ...(mirrored.messages[0] ? { message: mirrored.messages[0] } : {}),
      ...(mirrored.messages.length > 1 ? { messages: mirrored.messages } : {}),
    };
    // The user tapped one of the bot's choices: the agent sees it as the pick it is.
    const last = outputs.at(-1);
    const picked = last ? pickOf(args.userText, last.offered) : undefined;
    if (picked)
      userPick = {
        title: picked.title,
        payload: picked.payload,
        ...(mirrored.lastStructuredId ? { inReplyToId: mirrored.lastStructuredId } : {}),
      };
  }
  const user = userPick
    ? await sendMessage(client, {
        threadId: args.threadId,
        inputId: args.inputId,
        from: "user",
        author: args.customer(),
        text: userPick.title,
        attachments: args.attachments,
        pick: { payload: userPick.payload, inReplyToId: userPick.inReplyToId },
      })
    : await postUserTurn();
  return { branch: "withBot", result: { status: "with_bot", mirrored: true, user, botOutputs } };
}

/**
 * The bot's outputs as RCE messages by the Bot identity: plain ones together as one text, each rich
 * one with an RCE form as structured content of its own (the Bot identity is puppetizable).
 */
async function mirrorBotOutputs(
  client: EngageClient,
  args: RouteArgs,
  outputs: readonly RecentTurn[],
): Promise<{ messages: SendMessageResult[]; lastStructuredId?: string }> {
  const messages: SendMessageResult[] = [];
  let lastStructuredId: string | undefined;
  let plain: string[] = [];
  const send = async (text: string, structured?: SdkStructuredContent) => {
    const sent = await sendMessage(client, {
      threadId: args.threadId,
      inputId: args.inputId,
      from: "bot",
      author: args.bot(),
      text,
      attachments: [],
      ...(structured ? { structuredContent: structured } : {}),
    });
    messages.push(sent);
    if (structured && sent.status === "sent") lastStructuredId = sent.messageId;
  };
  for (const output of outputs) {
    if (!output.structured) {
      plain.push(output.text);
      continue;
    }
    if (plain.length) await send(plain.join("\n"));
    plain = [];
    await send(output.said || output.text, output.structured);
  }
  if (plain.length) await send(plain.join("\n"));
  return { messages, ...(lastStructuredId ? { lastStructuredId } : {}) };
}

/** Route to RCE's arguments: the routing's, and whether this conversation is mirrored already. */
export interface RouteNodeArgs {
  route: RouteArgs;
  mirrored: boolean;
}

/** The node's behaviour: the routing, the state and mirroring it leaves, the waiting message, `input.handover`. */
export async function runRoute(client: EngageClient, args: RouteNodeArgs): Promise<NodeOutcome<RouteBranch>> {
  const { threadId, state, mirror, now, waiting } = args.route;
  const outcome = await route(client, args.route);
  const contextExtras: Record<string, unknown> = {};
  if (outcome.state) contextExtras[ESCALATION_STATE_KEY] = outcome.state;
  if (mirror && outcome.branch === "withBot" && !args.mirrored)
    contextExtras[MIRRORING_KEY] = { threadId, since: now.toISOString() };
  const { result } = outcome;
  const after = outcome.state ?? state;
  // input.handover follows the state whenever RCE or the user moved it (not on plain turns).
  const tellsHandover = outcome.branch !== "withBot" && outcome.branch !== "withAgent";
  return {
    branch: outcome.branch,
    result: { ...result },
    ...(Object.keys(contextExtras).length > 0 ? { contextExtras } : {}),
    ...(outcome.sayWaiting
      ? { say: waiting.text, sayData: cancelQuickReply(waiting.text, waiting.cancelButton) }
      : {}),
    ...(tellsHandover && (after || result.status === "queue_update")
      ? {
          inputExtras: inputHandover(
            after ? INPUT_HANDOVER_STATUS[after.status] : "queue",
            { threadId, rceThreadId: after?.rceThreadId },
            result.status === "queue_update"
              ? { position: result.position, estimatedWaitTime: result.estimatedWaitTimeMs }
              : undefined,
          ),
        }
      : {}),
  };
}
