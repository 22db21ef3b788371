/**
 * Step 4 for the API Access Token's own agent: read and reply on the SDK source.
 *
 * RCE has no "my permissions" endpoint. GET /content_sources takes a `permission` filter (listed in
 * the reference's REST notes, not in every version of the OpenAPI file); we read it as "sources on
 * which the token's agent holds this permission" (inferred). GET /status?source_ids[] was not used:
 * it lists only agents connected right now and needs the "monitor the task view" right.
 */
import type { EngageClient } from "../../../engage/client";
import type { RceSource } from "../../../engage/types";
import { cannotCheck, fail, pass, type SetupCheck } from "../report";
import { type CheckHead, guarded, quoted } from "./guard";

export const PERMISSIONS_CHECK: CheckHead = {
  id: "sourcePermissions",
  title: "Read and reply of the API Access Token's agent on the source",
  steps: [4],
};

/** Enough for any real account; beyond it a missing source is "cannot check", not a failure. */
const MAX_SOURCES = 900;

type Permission = "read" | "reply";

async function sourcesWith(
  client: EngageClient,
  permission: Permission,
): Promise<{ source?: RceSource; complete: boolean }> {
  const sources = await client.rest.collect((p) => client.rest.listSources({ permission }, p), MAX_SOURCES);
  return {
    source: sources.find((s) => s.id === client.settings.sourceId),
    complete: sources.length < MAX_SOURCES,
  };
}

export function checkSourcePermissions(client: EngageClient): Promise<SetupCheck> {
  const { sourceId } = client.settings;
  return guarded(PERMISSIONS_CHECK, async () => {
    const [read, reply] = await Promise.all([sourcesWith(client, "read"), sourcesWith(client, "reply")]);
    const found = { read, reply };
    const name = quoted(read.source?.name ?? reply.source?.name, `source ${sourceId}`);
    const missing = (["read", "reply"] as const).filter((p) => !found[p].source);
    if (missing.length === 0) {
      return pass(
        PERMISSIONS_CHECK,
        `RCE lists ${name} among the sources the token's agent may read and reply on (GET /content_sources?permission=…).`,
      );
    }
    if (missing.some((p) => !found[p].complete)) {
      return cannotCheck(
        PERMISSIONS_CHECK,
        `RCE has more than ${MAX_SOURCES} sources; the source was not among the first ${MAX_SOURCES} listed.`,
      );
    }
    return fail(PERMISSIONS_CHECK, `The token's agent lacks ${missing.join(" and ")} on ${name}.`, {
      step: 4,
      action: `In RCE Agents click the key icon of the agent the API Access Token belongs to (step 1) and grant read and reply on ${name}.`,
    });
  });
}
