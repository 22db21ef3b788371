/**
 * Step 3: the Realtime Access Token signs a Send API request that RCE accepts for the source in the
 * Realtime Endpoint URL.
 *
 * The request is `typing.stop` on a thread id no conversation uses. Of the documented Send API
 * actions it is the least intrusive: it creates no message, thread or identity, shows nothing to
 * agents, and repeating it changes nothing (it only clears a typing indicator). `users.create` would
 * leave a permanent identity in RCE; `messages.create` a visible message.
 */
import type { EngageClient } from "../../../engage/client";
import { toEngageError } from "../../../engage/errors";
import { cannotCheck, fail, pass, type SetupCheck } from "../report";
import { type CheckHead, reason } from "./guard";

export const REALTIME_CHECK: CheckHead = {
  id: "realtimeSignature",
  title: "Realtime Access Token and Realtime Endpoint URL",
  steps: [3],
};

/** Clearly ours, and never a Cognigy conversation's thread id (those start with "cgy1."). */
export const CHECK_THREAD_ID = "cognigy-setup-check";

export async function checkRealtimeSignature(client: EngageClient): Promise<SetupCheck> {
  const { sourceId, realtimeEndpointUrl } = client.settings;
  const host = new URL(realtimeEndpointUrl).host;
  try {
    await client.sendApi.send("typing.stop", { thread_id: CHECK_THREAD_ID });
    return pass(
      REALTIME_CHECK,
      `${host} accepted a signed typing.stop for source ${sourceId}: the Realtime Access Token is this source's token.`,
    );
  } catch (thrown) {
    const error = toEngageError(thrown, "send the test request");
    switch (error.kind) {
      case "auth":
        return fail(REALTIME_CHECK, `RCE answered "Invalid signature" for source ${sourceId}.`, {
          step: 3,
          action:
            "Copy the SDK source's own 'API access token' (Admin > Sources > the source) into Realtime Access Token — not the REST API Access Token.",
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
        // RCE refused the request for another reason (e.g. the source does not declare typing): the
        // signature itself was not judged, so nothing is claimed either way.
        return cannotCheck(
          REALTIME_CHECK,
          `RCE refused the test request without judging the signature: ${reason(error)}`,
        );
    }
  }
}
