/**
 * Steps 6, 1 and 2 in one request: GET /categories?ids=<Bot>,<Agent> shows whether the Base API URL
 * answers like RCE, whether the API Access Token is accepted, and whether both categories exist.
 */
import type { EngageClient } from "../../../engage/client";
import { type EngageError, isEngageError, toEngageError } from "../../../engage/errors";
import type { RceCategory } from "../../../engage/types";
import { type CheckHead, cannotCheck, fail, pass, type SetupCheck } from "../report";
import { quoted, reason } from "./guard";

export const API_CHECK: CheckHead = { id: "api", title: "Base API URL and API Access Token", steps: [6, 1] };
export const CATEGORIES_CHECK: CheckHead = {
  id: "categories",
  title: "Bot and Agent categories",
  steps: [2],
};

/** Why the checks that read RCE's REST API did not run. */
export const NEEDS_REST = `Needs a working REST API connection (see "${API_CHECK.title}").`;

export interface ApiProbe {
  api: SetupCheck;
  categories: SetupCheck;
  /** false when REST answers cannot be trusted (unreachable, token refused, not the RCE API). */
  usable: boolean;
  /** Names of the categories found, by id, for the other lines. */
  categoryNames: Map<string, string>;
}

const COPY_CATEGORY_ID =
  "In RCE Admin > Categories create the sub-categories Bot and Agent under a parent Cognigy, open each and copy the id from its address (…/admin/categories/<CATEGORY_ID>/edit) into Bot Category ID and Agent Category ID.";

function hostOf(baseApiUrl: string): string {
  return new URL(baseApiUrl).host;
}

/**
 * RCE documents 401 for a bad token, but one docs page says 403 (UNCONFIRMED): a 403 whose error
 * identifier names the token is a refused token too, not a missing permission.
 */
function refusedToken(error: EngageError): boolean {
  return error.kind === "auth" || /access_token|unauthori[sz]ed/i.test(error.details.rceError ?? "");
}

function apiFailure(error: EngageError, host: string): SetupCheck {
  if (refusedToken(error)) {
    return fail(
      API_CHECK,
      `${host} answered, but RCE refused the API Access Token (${error.details.status ?? 401}).`,
      {
        step: 1,
        action:
          "In RCE Admin > API access tokens create (or copy again) the token of the agent the handover acts as and paste it into API Access Token.",
      },
    );
  }
  switch (error.kind) {
    case "unavailable":
    case "timeout":
      return fail(API_CHECK, reason(error), {
        step: 6,
        action:
          "Base API URL is your RCE address with 'api.' after the account name (acme.engagement.dimelo.com → acme.api.engagement.dimelo.com); if it is right, RCE may be down: try again later.",
      });
    case "bad_response":
    case "not_found":
      return fail(API_CHECK, `${host} did not answer like the RCE API: ${reason(error)}`, {
        step: 6,
        action:
          "Base API URL must be the API host, <account>.api.engagement.dimelo.com (or .api.digital.ringcentral.com), not the agent address.",
      });
    default:
      return cannotCheck(API_CHECK, reason(error));
  }
}

/** A category missing from the filtered list is looked up by id: the list filter alone is not proof. */
async function confirmMissing(client: EngageClient, ids: string[], found: Map<string, RceCategory>) {
  const missing: string[] = [];
  await Promise.all(
    ids.map(async (id) => {
      try {
        found.set(id, await client.rest.getCategory(id));
      } catch (error) {
        if (isEngageError(error) && error.kind === "not_found") missing.push(id);
        else throw error;
      }
    }),
  );
  return missing;
}

/** `found` holds the listed categories and gains those confirmed by id. */
async function categoriesCheck(client: EngageClient, found: Map<string, RceCategory>): Promise<SetupCheck> {
  const { botCategoryId: bot, agentCategoryId: agent } = client.settings;
  if (bot === agent) {
    return fail(CATEGORIES_CHECK, `Bot Category ID and Agent Category ID are the same category (${bot}).`, {
      step: 2,
      action: COPY_CATEGORY_ID,
    });
  }
  const missing = await confirmMissing(
    client,
    [bot, agent].filter((id) => !found.has(id)),
    found,
  );
  if (missing.length > 0) {
    const labels = missing.map((id) => `${id === bot ? "Bot" : "Agent"} Category ID ${id}`);
    return fail(CATEGORIES_CHECK, `RCE has no category with ${labels.join(" or ")}.`, {
      step: 2,
      action: COPY_CATEGORY_ID,
    });
  }
  const name = (id: string) => quoted(found.get(id)?.name, "(no name)");
  return pass(
    CATEGORIES_CHECK,
    `Bot ${name(bot)} (${bot}) and Agent ${name(agent)} (${agent}) exist and are different categories.`,
  );
}

export async function probeApi(client: EngageClient): Promise<ApiProbe> {
  const { botCategoryId: bot, agentCategoryId: agent, baseApiUrl } = client.settings;
  const host = hostOf(baseApiUrl);
  const categoryNames = new Map<string, string>();
  let listed: RceCategory[];
  try {
    listed = (await client.rest.listCategories({ ids: [...new Set([bot, agent])] })).records;
  } catch (thrown) {
    const error = toEngageError(thrown, "list categories");
    if (error.kind === "permission" && !refusedToken(error)) {
      return {
        api: pass(API_CHECK, `${host} answered and accepted the API Access Token.`),
        categories: cannotCheck(CATEGORIES_CHECK, reason(error)),
        usable: true,
        categoryNames,
      };
    }
    const api = apiFailure(error, host);
    return {
      api,
      categories: cannotCheck(CATEGORIES_CHECK, NEEDS_REST),
      usable: false,
      categoryNames,
    };
  }
  const found = new Map(listed.map((c) => [c.id, c]));
  let categories: SetupCheck;
  try {
    categories = await categoriesCheck(client, found);
  } catch (thrown) {
    categories = cannotCheck(CATEGORIES_CHECK, reason(toEngageError(thrown, "read the categories")));
  }
  for (const category of found.values()) if (category.name) categoryNames.set(category.id, category.name);
  return {
    api: pass(API_CHECK, `${host} answered and accepted the API Access Token.`),
    categories,
    usable: true,
    categoryNames,
  };
}
