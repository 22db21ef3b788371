/**
 * Asks the gateway RCE's webhook verification question (webhooks/create.md "Validation Request":
 * GET with hub.mode=subscribe, hub.challenge, hub.verify_token, JSON content type, X-Dimelo-Secret)
 * before a webhook is switched on, since RCE disables a webhook whose verification fails.
 */
import { randomBytes } from "node:crypto";
import { axiosTransport, type Transport, TransportError } from "../engage/transport";
import type { GatewayProbe, WebhookSecrets } from "./types";

const PROBE_TIMEOUT_MS = 5_000;

export function gatewayProbe(
  transport: Transport = axiosTransport,
): (webhookUrl: string, secrets: WebhookSecrets) => Promise<GatewayProbe> {
  return async (webhookUrl, secrets) => {
    const challenge = randomBytes(12).toString("hex");
    const query = new URLSearchParams({
      "hub.mode": "subscribe",
      "hub.challenge": challenge,
      "hub.verify_token": secrets.verifyToken,
    });
    try {
      const answer = await transport({
        method: "GET",
        url: `${webhookUrl}?${query}`,
        headers: { "content-type": "application/json", "x-dimelo-secret": secrets.webhookSecret },
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      if (answer.status === 200 && answer.body.trim() === challenge)
        return { ready: true, detail: "it answered" };
      if (answer.status === 403)
        return { ready: false, detail: "it answered 403: it runs with other values" };
      return { ready: false, detail: `it answered ${answer.status} without the challenge` };
    } catch (error) {
      if (error instanceof TransportError) return { ready: false, detail: `not reachable, ${error.code}` };
      return { ready: false, detail: "not reachable" };
    }
  };
}
