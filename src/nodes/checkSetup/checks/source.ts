/**
 * Step 3: the source behind the Realtime Endpoint URL exists, is active, is a Source SDK source and
 * files new conversations under Bot (GET /content_sources/{id}).
 */
import type { EngageClient } from "../../../engage/client";
import { isEngageError } from "../../../engage/errors";
import type { RceSource } from "../../../engage/types";
import { type CheckHead, fail, pass, type SetupCheck } from "../report";
import { guarded, quoted } from "./guard";

export const SOURCE_CHECK: CheckHead = { id: "source", title: "SDK source", steps: [3] };

/**
 * RCE does not document the `type` string of Source SDK sources (UNCONFIRMED); the simulator says
 * "sdk". Anything naming "sdk" counts as one.
 */
function isSdkSource(source: RceSource): boolean | undefined {
  return typeof source.type === "string" ? /sdk/i.test(source.type) : undefined;
}

function categoryList(ids: string[], names: Map<string, string>): string {
  if (ids.length === 0) return "none";
  return ids.map((id) => quoted(names.get(id), id)).join(", ");
}

function problemsOf(
  source: RceSource,
  settings: EngageClient["settings"],
  names: Map<string, string>,
): { problem: string; action: string }[] {
  const name = quoted(source.name, source.id);
  const problems: { problem: string; action: string }[] = [];
  if (source.active === false) {
    problems.push({
      problem: "inactive",
      action: `In RCE Admin > Sources open ${name} and switch Active on.`,
    });
  }
  if (isSdkSource(source) === false) {
    problems.push({
      problem: `type "${source.type}" is not an Engage Digital Source SDK source`,
      action:
        "Create a source of type 'Engage Digital Source SDK' and copy its Realtime Endpoint URL and API access token into the connection.",
    });
  }
  const defaults = source.default_category_ids ?? [];
  const defaultsLabel = categoryList(defaults, names);
  if (!defaults.includes(settings.botCategoryId)) {
    problems.push({
      problem: `default category ${defaultsLabel} instead of Bot`,
      action: `In ${name} > Message settings set the default category to Bot (${settings.botCategoryId}).`,
    });
  } else if (defaults.includes(settings.agentCategoryId)) {
    problems.push({
      problem: `default categories ${defaultsLabel} include Agent, so agents get every conversation before any handover`,
      action: `In ${name} > Message settings keep only Bot as default category.`,
    });
  }
  return problems;
}

export function checkSource(client: EngageClient, categoryNames: Map<string, string>): Promise<SetupCheck> {
  const { settings } = client;
  return guarded(SOURCE_CHECK, async () => {
    let source: RceSource;
    try {
      source = await client.rest.getSource();
    } catch (error) {
      if (!isEngageError(error) || error.kind !== "not_found") throw error;
      return fail(
        SOURCE_CHECK,
        `RCE has no source ${settings.sourceId} (the id in the Realtime Endpoint URL), or the API Access Token's agent may not read it.`,
        {
          step: 3,
          action:
            "Copy the Realtime Endpoint URL again from the SDK source's Implementation Details (Admin > Sources); if it is right, give the token's agent read on the source (step 4).",
        },
      );
    }
    const problems = problemsOf(source, settings, categoryNames);
    if (problems.length > 0) {
      return fail(
        SOURCE_CHECK,
        `Source ${quoted(source.name, source.id)} (${source.id}): ${problems.map((p) => p.problem).join("; ")}.`,
        {
          step: 3,
          action: problems.map((p) => p.action).join(" "),
        },
      );
    }
    const active = source.active === true ? "is active" : "active state not shown by RCE";
    const type = typeof source.type === "string" ? `type "${source.type}"` : "type not shown by RCE";
    return pass(
      SOURCE_CHECK,
      `${quoted(source.name, source.id)} (${source.id}) ${active}, ${type}, default category ${categoryList(source.default_category_ids ?? [], categoryNames)}.`,
    );
  });
}
