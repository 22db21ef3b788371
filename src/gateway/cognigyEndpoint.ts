/**
 * Delivery into the Cognigy conversation through the Endpoint's REST routes:
 *   POST {endpoint}/notify/{URLToken}  — a message the user sees (agent replies)
 *   POST {endpoint}/inject/{URLToken}  — an input the Flow runs on, not shown to the user (events)
 * with {userId, sessionId, text, data}. Retried with backoff within a bound; a 4xx other than 429
 * is final (retrying cannot help).
 */
import http from "node:http";
import https from "node:https";
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

/** Keep-alive connections to Cognigy: one TLS handshake, not one per agent reply. */
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

function postJson(url: URL, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === "https:" ? https : http;
    const req = lib.request(
      url,
      {
        method: "POST",
        agent: url.protocol === "https:" ? agents["https:"] : agents["http:"],
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { name: "TimeoutError" })));
    req.on("error", reject);
    req.end(body);
  });
}

export class CognigyEndpoint {
  constructor(
    private readonly baseUrl: string,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY,
  ) {}

  notify(address: ConversationAddress, message: CognigyMessage): Promise<DeliveryResult> {
    return this.deliver("notify", address, message);
  }

  inject(address: ConversationAddress, message: CognigyMessage): Promise<DeliveryResult> {
    return this.deliver("inject", address, message);
  }

  private async deliver(
    route: "notify" | "inject",
    address: ConversationAddress,
    message: CognigyMessage,
  ): Promise<DeliveryResult> {
    if (!address.URLToken)
      return { ok: false, final: true, reason: "the conversation has no Cognigy URLToken" };
    const url = new URL(`${this.baseUrl}/${route}/${encodeURIComponent(address.URLToken)}`);
    const body = JSON.stringify({
      userId: address.userId,
      sessionId: address.sessionId,
      text: message.text,
      data: message.data,
    });
    let reason = "";
    for (let attempt = 1; attempt <= this.policy.attempts; attempt++) {
      try {
        const status = await postJson(url, body, this.policy.timeoutMs);
        if (status >= 200 && status < 300) return { ok: true, status };
        reason = `Cognigy answered ${status} on /${route}`;
        if (status >= 400 && status < 500 && status !== 429 && status !== 408) {
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
