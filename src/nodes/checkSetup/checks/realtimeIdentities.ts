/**
 * Step 3: the Realtime Access Token signs Send API requests that RCE accepts for the source in the
 * Realtime Endpoint URL.
 *
 * The test requests are users.create of our own Bot and Agent identities. Those are needed anyway
 * (agents can only reply through an identity the integration created, step 7), repeating them
 * changes nothing (users.create upserts by id), and agents see no message. typing.stop would show
 * nothing either, but RCE allows it only when the source declares messaging.typing_indicator.
 */
import type { EngageClient } from "../../../engage/client";
import { toEngageError } from "../../../engage/errors";
import { createHandoverIdentities, type HandoverIdentities } from "../../../engage/identities";
import { type CheckHead, cannotCheck, fail, pass, type SetupCheck } from "../report";
import { reason } from "./guard";

export const REALTIME_CHECK: CheckHead = {
  id: "realtimeSignature",
  title: "Realtime Access Token and Realtime Endpoint URL",
  steps: [3],
};

/** Whether the identities were created: the identity check can only look for them if so. */
export interface RealtimeOutcome {
  check: SetupCheck;
  identitiesSent: boolean;
}

export async function checkRealtimeAndCreateIdentities(
  client: EngageClient,
  identities: HandoverIdentities,
): Promise<RealtimeOutcome> {
  const { sourceId, realtimeEndpointUrl } = client.settings;
  const host = new URL(realtimeEndpointUrl).host;
  try {
    await createHandoverIdentities(client.sendApi, identities);
    return {
      identitiesSent: true,
      check: pass(
        REALTIME_CHECK,
        `${host} accepted signed users.create requests for source ${sourceId} (the Bot and Agent identities): the Realtime Access Token is this source's token.`,
      ),
    };
  } catch (thrown) {
    const error = toEngageError(thrown, "create the Bot and Agent identities");
    return { identitiesSent: false, check: realtimeFailure(error, sourceId, host) };
  }
}

function realtimeFailure(
  error: ReturnType<typeof toEngageError>,
  sourceId: string,
  host: string,
): SetupCheck {
  switch (error.kind) {
    case "auth":
      return fail(REALTIME_CHECK, `RCE answered "Invalid signature" for source ${sourceId}.`, {
        step: 3,
        action:
          "Copy the SDK source's own 'API access token' (Admin > Sources, the source) into Realtime Access Token, not the REST API Access Token.",
      });
    case "not_found":
      return fail(REALTIME_CHECK, `RCE does not know source ${sourceId} at ${host}: ${reason(error)}`, {
        step: 3,
        action: "Copy the Realtime Endpoint URL again from the SDK source's Implementation Details.",
      });
    case "unavailable":
    case "timeout":
    case "bad_response":
      return fail(REALTIME_CHECK, reason(error), {
        step: 3,
        action:
          "The Realtime Endpoint URL's host is your RCE address without 'api.' (https://acme.engagement.dimelo.com/realtime/sdk/<source id>); copy it from the source's Implementation Details.",
      });
    default:
      // Refused for a reason that says nothing about the signature: claim nothing either way.
      return cannotCheck(
        REALTIME_CHECK,
        `RCE refused the request without judging the signature: ${reason(error)}`,
      );
  }
}
