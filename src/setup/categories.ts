/**
 * Step 2: the categories Cognigy (top level) > Bot and Agent, reused by name or created with
 * POST /categories. A create that broke on the way (reset, timeout) is not repeated blindly: the
 * categories are listed again and a category that did arrive is taken.
 */
import type { RceCategory } from "../engage/types";
import { ambiguous, failed, statusOf } from "./guard";
import type { CategoryIds, SetupItem, StepContext } from "./types";

const MAX_CATEGORIES = 3000;
const STEP = 2;

const same = (a: string | undefined | null, b: string) =>
  typeof a === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();

function place(category: RceCategory, all: RceCategory[]): string {
  if (!category.parent_id) return "at the top level";
  const parent = all.find((c) => c.id === category.parent_id);
  return `under "${parent?.name ?? category.parent_id}"`;
}

async function listAll(ctx: StepContext): Promise<RceCategory[]> {
  const { rest } = ctx.client;
  return rest.collect((p) => rest.listCategories({}, p), MAX_CATEGORIES);
}

interface Wanted {
  name: string;
  parentId?: string;
  label: string;
}

/** The same name anywhere else: RCE may keep names unique (our simulator does; README "Choices"). */
function elsewhere(all: RceCategory[], wanted: Wanted): RceCategory | undefined {
  return all.find((c) => same(c.name, wanted.name) && (c.parent_id ?? undefined) !== wanted.parentId);
}

async function create(
  ctx: StepContext,
  all: RceCategory[],
  wanted: Wanted,
): Promise<{ item: SetupItem; id?: string }> {
  const what = `Category ${wanted.label}`;
  try {
    const made = await ctx.client.rest.createCategory({ name: wanted.name, parent_id: wanted.parentId });
    return { item: { step: STEP, what, status: "done", detail: `Created (${made.id}).` }, id: made.id };
  } catch (thrown) {
    if (ambiguous(thrown)) {
      // RCE may have created it before the connection broke: look before anyone tries again.
      const again = await listAll(ctx).catch(() => []);
      const found = again.find(
        (c) => same(c.name, wanted.name) && (c.parent_id ?? undefined) === wanted.parentId,
      );
      if (found)
        return {
          item: {
            step: STEP,
            what,
            status: "done",
            detail: `Created (${found.id}; the answer was lost, the category was found by listing again).`,
          },
          id: found.id,
        };
    }
    const clash = elsewhere(all, wanted);
    const fix =
      clash && statusOf(thrown) === 422
        ? `RCE refused the name "${wanted.name}": a category of that name already exists ${place(clash, all)} (${clash.id}). In RCE Admin > Categories rename that one (or delete it if unused), or move it ${wanted.parentId ? "under the parent" : "to the top level"}, then run again.`
        : "Create it by hand in RCE Admin > Categories (step 2) or fix what RCE names, then run again: existing categories are reused by name.";
    return { item: failed(STEP, what, thrown, fix) };
  }
}

export async function setUpCategories(ctx: StepContext): Promise<{ items: SetupItem[]; ids: CategoryIds }> {
  const { names, apply } = ctx.options;
  const ids: CategoryIds = { parent: undefined, bot: undefined, agent: undefined };
  let all: RceCategory[];
  try {
    all = await listAll(ctx);
  } catch (thrown) {
    return {
      items: [
        failed(
          STEP,
          "Categories",
          thrown,
          "Check the API Access Token and Base API URL (steps 1 and 6); without the categories list nothing can be reused.",
        ),
      ],
      ids,
    };
  }
  const items: SetupItem[] = [];

  const parentLabel = `"${names.parent}" (top level)`;
  const parent = all.find((c) => same(c.name, names.parent) && !c.parent_id);
  if (parent) {
    ids.parent = parent.id;
    items.push({
      step: STEP,
      what: `Category ${parentLabel}`,
      status: "ok",
      detail: `Exists (${parent.id}).`,
    });
  } else if (!apply) {
    ids.parent = "pending";
    const clash = elsewhere(all, { name: names.parent, label: parentLabel });
    items.push({
      step: STEP,
      what: `Category ${parentLabel}`,
      status: "change",
      detail: `Create it.${clash ? ` Note: a category "${clash.name}" exists ${place(clash, all)} (${clash.id}); RCE may refuse the same name.` : ""}`,
    });
  } else {
    const made = await create(ctx, all, { name: names.parent, label: parentLabel });
    items.push(made.item);
    ids.parent = made.id;
  }

  for (const key of ["bot", "agent"] as const) {
    const name = names[key];
    const label = `"${name}" under "${names.parent}"`;
    const what = `Category ${label}`;
    const parentId = ids.parent;
    if (parentId === undefined) {
      items.push({
        step: STEP,
        what,
        status: "blocked",
        detail: `Needs the category "${names.parent}", which could not be made.`,
        fix: "Fix the parent category first (above), then run again.",
      });
      continue;
    }
    const existing =
      parentId === "pending" ? undefined : all.find((c) => c.parent_id === parentId && same(c.name, name));
    if (existing) {
      ids[key] = existing.id;
      items.push({ step: STEP, what, status: "ok", detail: `Exists (${existing.id}).` });
      continue;
    }
    if (!apply || parentId === "pending") {
      ids[key] = "pending";
      const clash = elsewhere(all, { name, parentId: parentId === "pending" ? undefined : parentId, label });
      items.push({
        step: STEP,
        what,
        status: "change",
        detail: `Create it.${clash ? ` Note: a category "${clash.name}" exists ${place(clash, all)} (${clash.id}); RCE may refuse the same name.` : ""}`,
      });
      continue;
    }
    const made = await create(ctx, all, { name, parentId, label });
    items.push(made.item);
    ids[key] = made.id;
  }
  return { items, ids };
}
