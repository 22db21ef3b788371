/**
 * Source SDK Send API: POST {action, params} to the Realtime Endpoint URL, signed with HMAC-SHA512 of
 * the exact bytes sent (key: the Realtime Access Token). Success is HTTP 200 with body "ok".
 */
import { type CallContext, executeCall } from "./call";
import type { EngageErrorKind } from "./errors";
import { EngageError } from "./errors";
import type { EngageSettings } from "./settings";
import { SIGNATURE_HEADER, signBody } from "./signature";
import type { HttpResponse } from "./transport";
import type { SendApiAction, SendApiActions } from "./types";

/** The Send API refuses bodies above 20 MB with 413; we refuse them before sending. */
export const MAX_SEND_API_BYTES = 20_971_520;

/** Actions whose repetition changes nothing (users.create upserts by id; a read mark is a state). */
const IDEMPOTENT_ACTIONS: ReadonlySet<SendApiAction> = new Set<SendApiAction>([
  "users.create",
  "status.mark_as_read",
]);

const OPERATION: Record<SendApiAction, string> = {
  "messages.create": "post the message through the Send API",
  "users.create": "create or update the user through the Send API",
  "status.mark_as_read": "mark the message as read",
};

/** The Send API answers errors as short texts; these are the documented ones. */
function classifySendApiError(response: HttpResponse): { kind: EngageErrorKind; hint?: string } | undefined {
  const text = response.body.toLowerCase();
  if (response.status === 422 && text.includes("invalid signature")) {
    return {
      kind: "auth",
      hint: "Check the Realtime Access Token: it is the 'API access token' shown on the SDK source (RCE Admin > Sources, setup step 3), not the REST API Access Token.",
    };
  }
  if (response.status === 422 && text.includes("source not found")) {
    return {
      kind: "not_found",
      hint: "Check the Realtime Endpoint URL: copy it again from the SDK source's Implementation Details, and make sure the source is active (setup step 3).",
    };
  }
  if (response.status === 422 && text.includes("puppetizable")) {
    return {
      kind: "validation",
      hint: "The author of this message must be a puppetizable identity that an admin marked as Controlled (setup step 7).",
    };
  }
  if (response.status === 422 && text.includes("invalid action")) {
    return {
      kind: "validation",
      hint: "The source does not accept this action: check that it is an 'Engage Digital Source SDK' source.",
    };
  }
  if (response.status === 413) {
    return {
      kind: "validation",
      hint: "The request is larger than the Send API's 20 MB limit: send fewer or smaller attachments.",
    };
  }
  return undefined;
}

export class EngageSendApi {
  constructor(
    private readonly settings: EngageSettings,
    private readonly context: () => CallContext,
  ) {}

  /**
   * Sends one action. Writes that could be duplicated (messages.create) are retried only when RCE
   * cannot have received them; pass `idempotent: true` when a repeat is known to be harmless.
   */
  async send<A extends SendApiAction>(
    action: A,
    params: SendApiActions[A],
    options: { idempotent?: boolean } = {},
  ): Promise<void> {
    const ctx = this.context();
    const body = JSON.stringify({ action, params });
    const bytes = Buffer.byteLength(body, "utf8");
    if (bytes > MAX_SEND_API_BYTES) {
      throw new EngageError(
        "validation",
        `RCE could not ${OPERATION[action]}: the request is ${bytes} bytes, above the Send API's limit of ${MAX_SEND_API_BYTES} bytes. Send fewer or smaller attachments.`,
        { operation: OPERATION[action] },
      );
    }
    await executeCall(
      {
        operation: OPERATION[action],
        method: "POST",
        url: this.settings.realtimeEndpointUrl,
        headers: {
          "content-type": "application/json; charset=utf-8",
          [SIGNATURE_HEADER]: signBody(body, this.settings.realtimeAccessToken),
        },
        body,
        idempotent: options.idempotent ?? IDEMPOTENT_ACTIONS.has(action),
        hints: {
          auth: "Check the Realtime Access Token: it is the 'API access token' shown on the SDK source (RCE Admin > Sources, setup step 3).",
          permission:
            "RCE refused the Send API request: check that the SDK source is active and the Realtime Access Token is its own (setup step 3).",
          unavailable: "Check the Realtime Endpoint URL's host (it has no 'api.') and RCE's status.",
          not_found:
            "Check the Realtime Endpoint URL: copy it again from the SDK source's Implementation Details (setup step 3).",
          validation:
            "RCE rejected the message; check the author's fields and the text (at most 20,000 characters).",
        },
        classify: classifySendApiError,
      },
      ctx,
    );
  }
}
