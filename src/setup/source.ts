/**
 * Step 3, the part RCE's API can do: the SDK source files new conversations under Bot
 * (PUT /content_sources/{id} with default_category_ids[] only; every other setting untouched).
 * Its other default categories are kept, Agent excepted (agents would get every conversation).
 */
import { isEngageError } from "../engage/errors";
import type { RceSource } from "../engage/types";
import { failed } from "./guard";
import type { SetupItem, StepContext } from "./types";

const STEP = 3;

export async function setUpSource(ctx: StepContext): Promise<SetupItem[]> {
  const { client, options, categories } = ctx;
  const { sourceId } = client.settings;
  const what = `Default category of source ${sourceId}`;
  let source: RceSource;
  try {
    source = await client.rest.getSource();
  } catch (thrown) {
    const missing = isEngageError(thrown) && thrown.kind === "not_found";
    return [
      failed(
        STEP,
        what,
        thrown,
        missing
          ? "Create the Engage Digital Source SDK source first (RCE Admin > Sources, step 3) and give its Realtime Endpoint URL; if it exists, give the token's agent read on it (step 4)."
          : "Check the Realtime Endpoint URL (its source id) and the token's rights, then run again.",
      ),
    ];
  }
  const name = `"${source.name ?? sourceId}"`;
  const bot = categories.bot;
  if (bot === undefined) {
    return [
      {
        step: STEP,
        what: `Default category of source ${name}`,
        status: "blocked",
        detail: `Needs the category "${options.names.bot}", which could not be made.`,
        fix: "Fix the categories first (above), then run again.",
      },
    ];
  }
  const current = source.default_category_ids ?? [];
  const agent = categories.agent;
  const right = current.includes(bot) && (agent === undefined || !current.includes(agent));
  if (right) {
    return [
      {
        step: STEP,
        what: `Default category of source ${name}`,
        status: "ok",
        detail: `${options.names.bot} (${bot}) is a default category${current.length > 1 ? ` (with ${current.length - 1} other)` : ""}.`,
      },
    ];
  }
  const kept = current.filter((id) => id !== agent && id !== bot);
  const keptNote = kept.length > 0 ? ` Keeps ${kept.join(", ")}.` : "";
  const agentNote = agent !== undefined && current.includes(agent) ? ` Removes ${options.names.agent}.` : "";
  if (!options.apply || bot === "pending") {
    return [
      {
        step: STEP,
        what: `Default category of source ${name}`,
        status: "change",
        detail: `Set it to ${options.names.bot}${bot === "pending" ? " (created above)" : ` (${bot})`}; now ${current.length > 0 ? current.join(", ") : "none"}.${agentNote}${keptNote}`,
      },
    ];
  }
  try {
    const updated = await client.rest.updateSourceDefaultCategories([...kept, bot]);
    return [
      {
        step: STEP,
        what: `Default category of source ${name}`,
        status: "done",
        detail: `Set to ${(updated.default_category_ids ?? [...kept, bot]).join(", ")} (was ${current.length > 0 ? current.join(", ") : "none"}).${agentNote}`,
      },
    ];
  } catch (thrown) {
    return [
      failed(
        STEP,
        `Default category of source ${name}`,
        thrown,
        `In RCE Admin > Sources open ${name} > Message settings and set the default category to ${options.names.bot} by hand.`,
      ),
    ];
  }
}
