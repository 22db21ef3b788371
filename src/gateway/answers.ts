/** HTTP answers of the gateway. Source SDK answers are signed like RCE expects. */
import { SIGNATURE_HEADER, signBody } from "../engage/signature";

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export function json(status: number, value: unknown): Answer {
  return {
    status,
    body: JSON.stringify(value),
    headers: { "content-type": "application/json; charset=utf-8" },
  };
}

export function text(status: number, body: string): Answer {
  return { status, body, headers: { "content-type": "text/plain; charset=utf-8" } };
}

/** A Source SDK answer: JSON, with X-SMCCSDK-SIGNATURE over the exact bytes sent. */
export function signed(status: number, value: unknown, realtimeAccessToken: string): Answer {
  const answer = json(status, value);
  answer.headers[SIGNATURE_HEADER] = signBody(answer.body, realtimeAccessToken);
  return answer;
}

/** A per-item Source SDK error: HTTP 2xx, RCE retries unless fatal. */
export function itemError(message: string, fatal: boolean, realtimeAccessToken: string): Answer {
  return signed(200, { error: { fatal, message } }, realtimeAccessToken);
}
