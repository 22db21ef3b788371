/**
 * Handover to RCE, the behaviour: the conversation reaches the agents' queue in RCE with the user's
 * profile, exactly once.
 *
 *   [availability check]   GET /content_sources/{id} + GET /status        (only when asked)
 *   [transcript]           Send API messages.create, bot as author         (only when given)
 *   escalation message     Send API messages.create, user as author        (skipped on a re-run for the same input)
 *   find RCE's thread      GET /content_threads/{remembered id} or ?q=source: foreign: (waits for RCE's import)
 *   categories             PUT /content_threads/{id}/update_categories     (skipped when already right)
 *   [for the agent]        GET /custom_fields before anything (when custom fields are given), then
 *                          GET /interventions?thread_id: an open one gets the note (POST
 *                          /intervention_comments) and the custom fields (PUT /interventions/{id})
 *                          now; otherwise they wait in the state for Route to RCE
 */
import type { EngageClient } from "../../engage/client";
import type { SdkAttachment, SdkUser } from "../../engage/types";
import {
  type AgentBrief,
  type BriefOutcome,
  checkCustomFieldKeys,
  deliverBrief,
  isEmptyBrief,
  openIntervention,
} from "../shared/agentBrief";
import { cancelQuickReply } from "../shared/cancelButton";
import { escalatedCategories } from "../shared/categories";
import { ESCALATION_STATE_KEY, type EscalationState, isActive } from "../shared/escalationState";
import { inputHandover } from "../shared/inputHandover";
import { messageId } from "../shared/messages";
import type { NodeOutcome } from "../shared/outcome";
import { recategorizeConversation } from "../shared/rceThread";
import { type Availability, checkAvailability } from "./availability";
import { renderTranscript, type TranscriptEntry } from "./transcript";

export interface HandoverArgs {
  threadId: string;
  inputId: string;
  customer: SdkUser;
  bot: SdkUser;
  messageToAgent: string;
  /** True when messageToAgent is the user's input text (not a configured message). */
  messageIsUserText: boolean;
  attachments: SdkAttachment[];
  additionalCategoryIds: string[];
  transcript: TranscriptEntry[];
  checkAvailability: boolean;
  /** The user's language (a locale such as "de"): on the message, and for the availability check. */
  language?: string;
  /** Count only agents who speak `language` in the availability check. */
  requireLanguage?: boolean;
  /** Carried as the message's context_data "priority" (RCE's API sets no task priority). */
  priority?: string;
  /** The note and custom fields for the intervention. */
  brief: AgentBrief;
  state?: EscalationState;
  maxImportWaitMs: number;
}

interface Common {
  threadId: string;
  availability?: Availability;
}

export interface QueuedResult extends Common {
  status: "queued";
  rceThreadId: string;
  categoryIds: string[];
  escalatedAt: string;
  /** False when this input's escalation message had already been posted (re-run). */
  messagePosted: boolean;
  transcriptMessages: number;
  transcriptOmittedLines: number;
  categoriesChanged: boolean;
  importWaitMs: number;
  handoverCount: number;
  /** Where the note and the custom fields went (only when given). */
  forAgent?: Omit<BriefOutcome, "pending">;
}

export interface NoAgentResult extends Common {
  status: "no_agent";
}

export type HandoverResult = QueuedResult | NoAgentResult;

export async function handover(
  client: EngageClient,
  args: HandoverArgs,
): Promise<{ result: HandoverResult; state?: EscalationState }> {
  let availability: Availability | undefined;
  const customFieldKeys = Object.keys(args.brief.customFields ?? {});
  await checkCustomFieldKeys(client, customFieldKeys);
  if (args.checkAvailability) {
    availability = await checkAvailability(client, args.requireLanguage ? args.language : undefined);
    if (!availability.available)
      return { result: { status: "no_agent", threadId: args.threadId, availability } };
  }

  const alreadyPosted = isActive(args.state) && args.state.escalationInputId === args.inputId;
  let transcriptMessages = 0;
  const transcript = renderTranscript(args.transcript);
  if (!alreadyPosted) {
    for (const [i, body] of transcript.bodies.entries()) {
      await client.sendApi.send("messages.create", {
        id: messageId(args.threadId, "transcript", args.inputId, String(i)),
        thread_id: args.threadId,
        author: args.bot,
        body,
        format: "text",
      });
      transcriptMessages++;
    }
    await client.sendApi.send("messages.create", {
      // The user's own words get the id Send Message to RCE would give them, so mirroring the same
      // turn as well cannot create a second message where RCE deduplicates ids (not documented).
      id: args.messageIsUserText
        ? messageId(args.threadId, "user", args.inputId, args.messageToAgent)
        : messageId(args.threadId, "handover", args.inputId),
      thread_id: args.threadId,
      author: args.customer,
      body: args.messageToAgent,
      format: "text",
      actions: ["show", "reply"],
      ...(args.attachments.length > 0 ? { attachments: args.attachments } : {}),
      ...(args.language ? { language: args.language } : {}),
      ...(args.priority ? { context_data: { priority: args.priority } } : {}),
    });
  }

  const located = await recategorizeConversation(client, args, (current) =>
    escalatedCategories(current, client.settings, args.additionalCategoryIds),
  );

  const escalatedAt =
    alreadyPosted && args.state?.escalatedAt ? args.state.escalatedAt : new Date().toISOString();
  const handoverCount = (args.state?.handoverCount ?? 0) + (isActive(args.state) ? 0 : 1);
  // The intervention exists already when RCE reopened the agent's one: the brief goes there now.
  let forAgent: BriefOutcome | undefined;
  if (!isEmptyBrief(args.brief) && !alreadyPosted) {
    const open = await openIntervention(client, located.thread.id);
    forAgent = await deliverBrief(client, args.brief, open, open?.user_id ?? undefined);
  }
  const state: EscalationState = {
    threadId: args.threadId,
    rceThreadId: located.thread.id,
    // A re-run keeps where the handover already stands (an agent may have joined meanwhile).
    status: alreadyPosted && args.state ? args.state.status : "queued",
    agent: alreadyPosted ? args.state?.agent : undefined,
    // Events of an earlier handover stay applied, and older ones stay ignored.
    lastEventAt: args.state?.lastEventAt,
    appliedEventIds: args.state?.appliedEventIds,
    waitingMessage: { updatesSince: 0, saidAt: escalatedAt },
    escalationInputId: args.inputId,
    escalatedAt,
    additionalCategoryIds: args.additionalCategoryIds,
    handoverCount,
    // A re-run for the same input delivers nothing again (a note is not idempotent).
    ...(alreadyPosted
      ? args.state?.brief
        ? { brief: args.state.brief }
        : {}
      : forAgent?.pending
        ? { brief: forAgent.pending }
        : {}),
  };
  return {
    state,
    result: {
      status: "queued",
      threadId: args.threadId,
      rceThreadId: located.thread.id,
      categoryIds: located.categoryIds,
      escalatedAt,
      messagePosted: !alreadyPosted,
      transcriptMessages,
      transcriptOmittedLines: alreadyPosted ? 0 : transcript.omittedLines,
      categoriesChanged: located.categoriesChanged,
      importWaitMs: located.waitedMs,
      handoverCount,
      ...(availability ? { availability } : {}),
      ...(forAgent ? { forAgent: { note: forAgent.note, customFields: forAgent.customFields } } : {}),
    },
  };
}

/** Handover to RCE's arguments: the handover's, and what the node tells of it. */
export interface HandoverNodeArgs {
  handover: HandoverArgs;
  /** Where the transcript came from, for the result. */
  transcriptSource: string;
  /** Said once the conversation is queued, with the Cancel Button as a quick reply. */
  waitingMessage?: string;
  cancelButton?: string;
}

/** The node's behaviour: the handover, and the branch, the words and the state that follow from it. */
export async function runHandover(
  client: EngageClient,
  args: HandoverNodeArgs,
): Promise<NodeOutcome<"queued" | "noAgent">> {
  const { threadId } = args.handover;
  const { result, state } = await handover(client, args.handover);
  if (result.status === "no_agent") {
    return {
      branch: "noAgent",
      result: { ...result },
      inputExtras: inputHandover("unavailable", { threadId }),
    };
  }
  const waiting = args.waitingMessage;
  return {
    branch: "queued",
    result: { ...result, transcriptSource: args.transcriptSource },
    say: waiting,
    sayData: waiting ? cancelQuickReply(waiting, args.cancelButton) : undefined,
    contextExtras: { [ESCALATION_STATE_KEY]: state },
    inputExtras: inputHandover("queue", { threadId, rceThreadId: result.rceThreadId }),
  };
}
