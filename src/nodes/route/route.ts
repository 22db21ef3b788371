/**
 * Route to RCE, the behaviour: what one input means for the handover, decided before the bot's own
 * logic runs. In this order:
 *
 *   the gateway's event      agent closed → give the conversation back (as End Handover does)
 *                            agent joined / queue update → tell the Flow (a queue update is remembered)
 *   a handover is active     the user's turn goes to the agent; nothing else should run
 *   otherwise                the bot's turn; with mirroring, the bot's previous answers and this
 *                            turn are posted to RCE first (the thread stays in the Bot category)
 */
import type { HandoverEvent } from "../../conversation/events";
import type { EngageClient } from "../../engage/client";
import type { SdkAttachment, SdkUser } from "../../engage/types";
import { type EndHandoverResult, endHandover } from "../endHandover/endHandover";
import { type SendMessageResult, sendMessage } from "../sendMessage/sendMessage";
import type { EscalationState } from "../shared/escalationState";
import type { QueueUpdate } from "../shared/queueSignals";
import { botOutputsSincePreviousTurn, type RecentTurn } from "../shared/recentTurns";

export type RouteBranch = "agentClosed" | "agentJoined" | "queueUpdate" | "withAgent" | "withBot";

export interface RouteArgs {
  threadId: string;
  inputId: string;
  /** The handover event the gateway sent with this input, if any. */
  event?: HandoverEvent;
  /** A queue update carried by this input (the event, or another place Cognigy puts queue data). */
  queueUpdate?: QueueUpdate;
  state?: EscalationState;
  userText: string;
  attachments: SdkAttachment[];
  customer: () => SdkUser;
  bot: () => SdkUser;
  mirror: boolean;
  /** Cognigy's recent turns; undefined when the runtime gives extensions none. */
  recentTurns?: RecentTurn[];
  maxImportWaitMs: number;
}

export type RouteResult =
  | { status: "agent_closed"; end: EndHandoverResult }
  | { status: "agent_closed"; alreadyEnded: true }
  | { status: "agent_joined"; agentId: string | null }
  | { status: "queue_update"; position?: number; estimatedWaitTimeMs?: number; receivedAt: string }
  | { status: "with_agent"; relayed: SendMessageResult }
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
      botOutputs: { posted: number; message?: SendMessageResult } | { unavailable: string };
    };

export interface RouteOutcome {
  branch: RouteBranch;
  result: RouteResult;
  /** The escalation state to keep, when it changed. */
  state?: EscalationState;
  /** Set when the conversation was given back to the bot. */
  ended?: { rceThreadId?: string };
}

const NO_RECENT_TURNS =
  "this Cognigy runtime gives extension nodes no lastConversationEntries, so only the user's turns are mirrored; mirror the bot's answers with Send Message to RCE (Message from: The bot)";

export async function route(client: EngageClient, args: RouteArgs): Promise<RouteOutcome> {
  const active = args.state?.status === "queued" ? args.state : undefined;
  const event = args.event;

  if (event?.type === "conversationClosed") {
    if (!active) return { branch: "agentClosed", result: { status: "agent_closed", alreadyEnded: true } };
    const { result, state } = await endHandover(client, {
      threadId: args.threadId,
      state: active,
      closeIntervention: false,
      maxImportWaitMs: args.maxImportWaitMs,
    });
    return {
      branch: "agentClosed",
      result: { status: "agent_closed", end: result },
      state,
      ended: { rceThreadId: result.status === "ended" ? result.rceThreadId : undefined },
    };
  }
  if (event?.type === "agentJoined") {
    return { branch: "agentJoined", result: { status: "agent_joined", agentId: event.agentId ?? null } };
  }
  if (args.queueUpdate) {
    const { position, estimatedWaitTimeMs, receivedAt } = args.queueUpdate;
    return {
      branch: "queueUpdate",
      result: { status: "queue_update", position, estimatedWaitTimeMs, receivedAt },
      state: args.state
        ? { ...args.state, lastQueueUpdate: { position, estimatedWaitTimeMs, receivedAt } }
        : undefined,
    };
  }
  if (event?.type === "agentReply") {
    // Replies reach the user through Cognigy's notify, which runs no Flow; an endpoint that injects
    // them anyway must not make the bot answer.
    return { branch: "withAgent", result: { status: "with_agent", agentReplySeen: true } };
  }

  const postUserTurn = () =>
    sendMessage(client, {
      threadId: args.threadId,
      inputId: args.inputId,
      from: "user",
      author: args.customer(),
      text: args.userText,
      attachments: args.attachments,
    });

  if (active) {
    const relayed = await postUserTurn();
    return { branch: "withAgent", result: { status: "with_agent", relayed } };
  }

  if (!args.mirror) return { branch: "withBot", result: { status: "with_bot", mirrored: false } };
  let botOutputs: Extract<RouteResult, { mirrored: true }>["botOutputs"];
  if (!args.recentTurns) {
    botOutputs = { unavailable: NO_RECENT_TURNS };
  } else {
    const outputs = botOutputsSincePreviousTurn(args.recentTurns, args.userText);
    // Before the user's turn, so RCE shows them in the order the user saw them.
    const message =
      outputs.length > 0
        ? await sendMessage(client, {
            threadId: args.threadId,
            inputId: args.inputId,
            from: "bot",
            author: args.bot(),
            text: outputs.join("\n"),
            attachments: [],
          })
        : undefined;
    botOutputs = { posted: outputs.length, ...(message ? { message } : {}) };
  }
  const user = await postUserTurn();
  return { branch: "withBot", result: { status: "with_bot", mirrored: true, user, botOutputs } };
}
