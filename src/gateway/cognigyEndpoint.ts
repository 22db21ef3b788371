/**
 * Delivery into the Cognigy conversation through the Endpoint's REST routes:
 *   POST {endpoint}/notify/{URLToken}  — a message the user sees (agent replies)
 *   POST {endpoint}/inject/{URLToken}  — an input the Flow runs on, not shown to the user (events)
 * with {userId, sessionId, text, data}. Retried with backoff within a bound; a 4xx other than 429
 * is final (retrying cannot help).
 */
import type { ConversationAddress } from "../routing/conversationThread";

export interface DeliveryPolicy {
  attempts: number;
  timeoutMs: number;
  backoffMs: number;
}

export const DEFAULT_DELIVERY: DeliveryPolicy = { attempts: 3, timeoutMs: 4000, backoffMs: 300 };

export type DeliveryResult = { ok: true; status: number } | { ok: false; final: boolean; reason: string };

export interface CognigyMessage {
  text: string;
  data: Record<string, unknown>;
}

export class CognigyEndpoint {
  constructor(
    private readonly baseUrl: string,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY,
  ) {}

  notify(address: ConversationAddress, message: CognigyMessage): Promise<DeliveryResult> {
    return this.post("notify", address, message);
  }

  inject(address: ConversationAddress, message: CognigyMessage): Promise<DeliveryResult> {
    return this.post("inject", address, message);
  }

  private async post(
    route: "notify" | "inject",
    address: ConversationAddress,
    message: CognigyMessage,
  ): Promise<DeliveryResult> {
    if (!address.URLToken)
      return { ok: false, final: true, reason: "the conversation has no Cognigy URLToken" };
    const url = `${this.baseUrl}/${route}/${encodeURIComponent(address.URLToken)}`;
    const body = JSON.stringify({
      userId: address.userId,
      sessionId: address.sessionId,
      text: message.text,
      data: message.data,
    });
    let reason = "";
    for (let attempt = 1; attempt <= this.policy.attempts; attempt++) {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          signal: AbortSignal.timeout(this.policy.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return { ok: true, status: response.status };
        reason = `Cognigy answered ${response.status} on /${route}`;
        if (
          response.status >= 400 &&
          response.status < 500 &&
          response.status !== 429 &&
          response.status !== 408
        ) {
          return { ok: false, final: true, reason };
        }
      } catch (error) {
        reason = `Cognigy endpoint unreachable on /${route} (${(error as Error).name})`;
      }
      if (attempt < this.policy.attempts) {
        const delay = this.policy.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    return { ok: false, final: false, reason };
  }
}
