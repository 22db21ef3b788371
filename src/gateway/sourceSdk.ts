/**
 * Requests RCE sends to the SDK source's Base URI: verified (HMAC-SHA512 over the raw bytes, header
 * or ?signature=), answered and signed. Agent replies go to the user, queue updates to the Flow.
 */
import { hash } from "node:crypto";
import { type AgentReplyEvent, flowMessage, type QueueUpdateEvent } from "../conversation/events";
import { addressOf, messageIdIn, threadIdOf } from "../conversation/threadId";
import type { SdkAgentMessageParams, SdkQueuingUpdateParams, SdkRequest } from "../engage/types";
import { agentOutputs } from "./agentOutputs";
import { type Answer, itemError, signed, text } from "./answers";
import { type CognigyEndpoint, isFinal } from "./cognigyEndpoint";
import type { GatewayConfig } from "./config";
import { htmlToText } from "./html";
import type { IdentityKeeper } from "./identityKeeper";
import { parseJson } from "./json";
import type { GatewayLogger } from "./log";
import { checkRequestDate } from "./requestTime";
import type { GatewayStats } from "./stats";
import { isRetryLater, type OnceMemory } from "./store";
import { validatorFor } from "./validators";

const validateRequest = validatorFor<SdkRequest>("sdkRequest");
const validateAgentMessage = validatorFor<SdkAgentMessageParams>("agentMessage");
const validateQueuingUpdate = validatorFor<SdkQueuingUpdateParams>("queuingUpdate");

export interface SdkDeps {
  config: GatewayConfig;
  cognigy: CognigyEndpoint;
  replies: OnceMemory;
  /** Creates the Bot and Agent identities when RCE sends implementation.info. */
  identities?: IdentityKeeper;
  log: GatewayLogger;
  stats: GatewayStats;
}

class DeliveryFailed extends Error {
  constructor(
    readonly reason: string,
    readonly final: boolean,
  ) {
    super(reason);
  }
}

/**
 * What we implement. The docs disagree on `threads` next to view.messaging (README "Where RCE's docs
 * disagree"): by default only messages, as the view.messaging example and options.md have it;
 * `declareThreads` adds threads as quick-start.md asks for threaded messages.
 */
export function implementationInfo(config: GatewayConfig): Record<string, unknown> {
  return {
    objects: {
      messages: ["create", "show", "list"],
      ...(config.declareThreads ? { threads: ["create", "show", "list"] } : {}),
    },
    options: [
      "view.messaging",
      "messages.text",
      "messaging.queuing_update",
      ...(config.agentAttachments ? ["messages.attachments"] : []),
    ],
  };
}

/** The agent's text: plain text as sent, HTML as text. Attachments and choices are outputs of their own. */
function agentText(params: SdkAgentMessageParams): string {
  const body = params.body ?? "";
  return params.format === "text" ? body.trim() : htmlToText(body);
}

/** Identifies one agent message across RCE's retries: its content_id, else its content. */
function replyKey(params: SdkAgentMessageParams): string {
  if (params.content_id) return `content:${params.content_id}`;
  const { retry: _retry, ...rest } = params;
  return `hash:${hash("sha256", JSON.stringify(rest), "hex")}`;
}

/**
 * Our id for the agent's message: the same for every retry of it, and inside the conversation's
 * thread id, so RCE's later in_reply_to_id (a queue update) still leads to the conversation.
 */
function agentMessageId(threadId: string, key: string): string {
  return messageIdIn(threadId, `agent-${hash("sha256", key, "base64url").slice(0, 16)}`);
}

async function agentReply(params: SdkAgentMessageParams, datedAt: number, deps: SdkDeps): Promise<Answer> {
  const token = deps.config.settings.realtimeAccessToken;
  const threadId = threadIdOf(params.thread_id) ?? threadIdOf(params.in_reply_to_id);
  const address = addressOf(threadId);
  if (!threadId || !address) {
    deps.log("warn", "agent_reply_unroutable", { threadId: params.thread_id ?? null });
    return itemError("This thread was not created by the Cognigy handover (unknown thread id).", true, token);
  }
  const key = replyKey(params);
  // The created message as the docs show it (action-details.md "create"): an id and its body.
  const id =
    deps.config.agentReplyId === "in_reply_to_id" && params.in_reply_to_id
      ? params.in_reply_to_id
      : agentMessageId(threadId, key);
  // The user's pick of a choice names this id, which RCE knows as the agent's message.
  const outputs = agentOutputs(params, agentText(params), id);
  try {
    const deliver = async () => {
      const event: AgentReplyEvent = {
        type: "agentReply",
        source: "rce",
        agent: { id: params.author_id ?? null, name: params.sender_name ?? null },
        contentId: params.content_id ?? null,
        threadId,
        attachments: (params.attachments ?? []).map((a) => ({
          url: a.url,
          type: a.type ?? null,
          filename: a.filename ?? null,
        })),
      };
      // One notify per output, in order; a retry of the reply delivers them again from the first.
      for (const [i, output] of outputs.entries()) {
        const message = flowMessage(event, output.text, output.rich);
        const result = await deps.cognigy.notify(address, message, i === 0 ? key : `${key}#${i}`);
        if (!result.ok) throw new DeliveryFailed(result.reason, isFinal(result));
      }
      return "delivered";
    };
    const { duplicate } = await deps.replies.once(key, deliver, datedAt);
    if (duplicate) deps.stats.duplicates++;
    else deps.stats.agentReplies++;
    // The request's own log line already says it arrived; a delivery is detail, a duplicate is news.
    deps.log(duplicate ? "info" : "debug", duplicate ? "agent_reply_duplicate" : "agent_reply_delivered", {
      contentId: params.content_id ?? null,
      retry: params.retry ?? false,
    });
    return signed(200, { id, body: params.body ?? "" }, token);
  } catch (error) {
    if (isRetryLater(error)) {
      // Nothing was delivered here (the store is away, or another instance is delivering it now):
      // a non-fatal error makes RCE send it again, and that retry finds the result.
      deps.stats.deliveryFailures++;
      deps.log("warn", "agent_reply_retry_later", {
        contentId: params.content_id ?? null,
        reason: error.message,
      });
      return itemError(`The gateway cannot take this reply now: ${error.message}; retry.`, false, token);
    }
    if (!(error instanceof DeliveryFailed)) throw error;
    deps.stats.deliveryFailures++;
    deps.log(error.final ? "error" : "warn", "agent_reply_not_delivered", {
      contentId: params.content_id ?? null,
      reason: error.reason,
      final: error.final,
    });
    // Not final: RCE tries a create again, and the dedupe lets that retry deliver.
    return itemError(`Could not deliver the reply to Cognigy: ${error.reason}`, error.final, token);
  }
}

async function queuingUpdate(params: SdkQueuingUpdateParams, deps: SdkDeps): Promise<Answer> {
  const token = deps.config.settings.realtimeAccessToken;
  // RCE names the thread, the message it follows, or both (action-details.md): either leads to us.
  const threadId = threadIdOf(params.thread_id) ?? threadIdOf(params.in_reply_to_id);
  const address = addressOf(threadId);
  if (address) {
    const event: QueueUpdateEvent = {
      type: "queueUpdate",
      source: "rce",
      position: params.position ?? undefined,
      estimatedWaitTime:
        typeof params.estimated_wait_time === "number"
          ? Math.round(params.estimated_wait_time * 1000)
          : undefined,
      threadId: threadId as string,
      receivedAt: new Date().toISOString(),
    };
    const result = await deps.cognigy.inject(address, flowMessage(event));
    deps.stats.queueUpdates++;
    if (!result.ok) deps.log("warn", "queue_update_not_delivered", { reason: result.reason });
  } else {
    deps.log("warn", "queue_update_unroutable", {
      threadId: params.thread_id ?? null,
      inReplyToId: params.in_reply_to_id ?? null,
    });
  }
  // A queue update is stale by the time RCE could retry it: acknowledge either way.
  return signed(200, {}, token);
}

/** A Source SDK request whose signature the route has verified over `rawBody`. */
export async function handleSourceSdk(rawBody: Buffer, deps: SdkDeps): Promise<Answer> {
  const token = deps.config.settings.realtimeAccessToken;
  const parsed = parseJson(rawBody);
  if (!parsed.ok) return text(400, parsed.reason);
  const request = validateRequest(parsed.value);
  if (!request.ok) return text(400, `Not a Source SDK request: ${request.problems[0]}.`);
  deps.stats.sdkRequests++;
  const { action } = request.value;
  // The replay window (requestTime.ts): every try is a new request dated anew, so a request dated
  // before what the gateway remembers is a replay, refused as final; it is never delivered twice.
  const dated = checkRequestDate(request.value.time, deps.replies, { field: "time", sinceToo: true });
  if (!dated.ok) {
    deps.log("warn", "sdk_request_refused", { action, reason: dated.reason });
    return itemError(`The gateway refuses this request: ${dated.reason}.`, true, token);
  }
  const params = request.value.params ?? {};
  if (action === "implementation.info") {
    deps.identities?.request();
    return signed(200, implementationInfo(deps.config), token);
  }
  if (action === "messages.create") {
    const checked = validateAgentMessage(params);
    if (!checked.ok) return text(400, `messages.create params: ${checked.problems[0]}.`);
    return agentReply(checked.value, dated.at, deps);
  }
  if (action === "messaging.queuing_update") {
    const checked = validateQueuingUpdate(params);
    if (!checked.ok) return text(400, `messaging.queuing_update params: ${checked.problems[0]}.`);
    return queuingUpdate(checked.value, deps);
  }
  if (action.endsWith(".list")) return signed(200, [], token);
  if (action.endsWith(".show")) return signed(200, {}, token);
  deps.log("info", "sdk_action_not_supported", { action });
  return itemError(`The Cognigy gateway does not support ${action}.`, true, token);
}
