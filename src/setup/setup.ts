/**
 * `npm run setup-rce`: the setup steps RCE's API can do, planned (default) or done (--apply), in the
 * order of the README's steps. A step that fails stops nothing else: every item says what it found,
 * did or would do, and what the admin does about a failure. Running it again changes nothing that
 * is already right.
 */
import type { EngageClient } from "../engage/client";
import { setUpCategories } from "./categories";
import { setUpIdentities } from "./identities";
import { setUpPermissions } from "./permissions";
import { setUpSource } from "./source";
import type { ItemStatus, SetupItem, SetupOptions, SetupResult, StepContext } from "./types";
import { setUpWebhook } from "./webhook";

const STATUSES: ItemStatus[] = ["ok", "change", "done", "failed", "blocked", "waiting", "manual"];

const realId = (id: string | undefined): string | undefined => (id && id !== "pending" ? id : undefined);

export async function runSetup(client: EngageClient, options: SetupOptions): Promise<SetupResult> {
  const ctx: StepContext = {
    client,
    options,
    categories: { parent: undefined, bot: undefined, agent: undefined },
  };
  const items: SetupItem[] = [];
  const categories = await setUpCategories(ctx);
  items.push(...categories.items);
  ctx.categories = categories.ids;
  items.push(...(await setUpSource(ctx)));
  items.push(...(await setUpPermissions(ctx)));
  items.push(...(await setUpWebhook(ctx)));
  items.push(...(await setUpIdentities(ctx)));
  const counts = Object.fromEntries(
    STATUSES.map((s) => [s, items.filter((i) => i.status === s).length]),
  ) as Record<ItemStatus, number>;
  return {
    mode: options.apply ? "apply" : "plan",
    items,
    counts,
    botCategoryId: realId(ctx.categories.bot),
    agentCategoryId: realId(ctx.categories.agent),
    rceRequests: client.stats().requests,
  };
}

/**
 * 0: plan shown or everything done; 1: something failed or was blocked (partial), or — after
 * --apply — a step is still waiting (another run is needed) or the closing setup check found a fail.
 */
export function exitCodeOf(result: SetupResult, closingCheckFailed = false): 0 | 1 {
  if (result.counts.failed > 0 || result.counts.blocked > 0) return 1;
  if (result.mode === "apply" && (result.counts.waiting > 0 || closingCheckFailed)) return 1;
  return 0;
}
