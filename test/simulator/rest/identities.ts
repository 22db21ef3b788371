/** /identities (read-only, as documented for SDK communities) and /identity_groups (read + update). */

import { jsonResponse, notFound, pageResponse, RestError, sortByDate } from "../http";
import { nowIso } from "../ids";
import { getArray, getHash, getString, has } from "../params";
import type { SimIdentity, SimIdentityGroup } from "../types";
import { clone, pathId, type RestContext, type RestRoute, readableSourceIds } from "./context";

/** Communities the token's user can read through at least one source. */
function readableCommunities(ctx: RestContext): Set<string> {
  const out = new Set<string>();
  for (const sourceId of readableSourceIds(ctx)) {
    const source = ctx.store.sources.get(sourceId);
    if (source) out.add(source.community_id);
  }
  return out;
}

function listIdentities(ctx: RestContext) {
  const communities = readableCommunities(ctx);
  const p = ctx.params;
  let communityId = getString(p, "community_id");
  const sourceId = getString(p, "source_id");
  if (communityId === undefined && sourceId !== undefined) {
    communityId = ctx.store.sources.get(sourceId)?.community_id ?? "\u0000";
  }
  const groupId = getString(p, "identity_group_id");
  const groupIds = getString(p, "identity_group_ids")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const userId = getString(p, "user_id");
  const foreignId = getString(p, "foreign_id");
  const uuid = getString(p, "uuid");
  const matching = [...ctx.store.identities.values()].filter(
    (i) =>
      communities.has(i.community_id) &&
      (communityId === undefined || i.community_id === communityId) &&
      (groupId === undefined || i.identity_group_id === groupId) &&
      (groupIds === undefined || groupIds.includes(i.identity_group_id ?? "")) &&
      (userId === undefined || i.user_ids.includes(userId)) &&
      (foreignId === undefined || i.foreign_id === foreignId) &&
      (uuid === undefined || i.uuid === uuid),
  );
  const sortField = getString(p, "sort") === "updated_at" ? "updated_at" : "created_at";
  return pageResponse(p, sortByDate(matching, (i) => i[sortField], "desc").map(clone));
}

function findIdentity(ctx: RestContext): SimIdentity {
  const identity = ctx.store.identities.get(pathId(ctx));
  if (!identity || !readableCommunities(ctx).has(identity.community_id)) throw notFound("Identity");
  return identity;
}

function listGroups(ctx: RestContext) {
  const p = ctx.params;
  const firstname = getString(p, "firstname");
  const lastname = getString(p, "lastname");
  const email = getString(p, "email");
  const uuid = getString(p, "uuid");
  const ids = getString(p, "ids")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const matching = [...ctx.store.identityGroups.values()].filter(
    (g) =>
      (firstname === undefined || g.firstname === firstname) &&
      (lastname === undefined || g.lastname === lastname) &&
      (email === undefined || g.emails.includes(email)) &&
      (uuid === undefined || g.identity_ids.some((id) => ctx.store.identities.get(id)?.uuid === uuid)) &&
      (ids === undefined || ids.includes(g.id)),
  );
  const sortField = getString(p, "sort") === "updated_at" ? "updated_at" : "created_at";
  return pageResponse(p, sortByDate(matching, (g) => g[sortField], "desc").map(clone));
}

function findGroup(ctx: RestContext): SimIdentityGroup {
  const group = ctx.store.identityGroups.get(pathId(ctx));
  if (!group) throw notFound("Identity group");
  return group;
}

/**
 * PUT /identity_groups/{id}: scalar fields are set when present, array fields (`emails[]`, ...)
 * replace the stored list (an empty `emails[]=` clears it), `custom_field_values[key]` merges per key.
 */
async function updateGroup(ctx: RestContext) {
  const group = findGroup(ctx);
  const p = ctx.params;
  const gender = getString(p, "gender");
  if (gender !== undefined && gender !== "" && gender !== "man" && gender !== "woman") {
    throw new RestError(422, "invalid_gender", 'Gender must be "man", "woman" or empty');
  }
  const updated = await ctx.domain.withLock(
    `identity_group:${group.id}`,
    ctx.domain.settings.identityGroupUpdateMs,
    new RestError(409, "already_updating", "Identity group is already being updated"),
    () => {
      for (const field of ["firstname", "lastname", "company", "notes"] as const) {
        const value = getString(p, field);
        if (value !== undefined) group[field] = value === "" ? null : value;
      }
      if (gender !== undefined) group.gender = gender === "" ? null : gender;
      for (const field of ["emails", "home_phones", "mobile_phones", "tag_ids"] as const) {
        if (has(p, field)) group[field] = [...new Set(getArray(p, field) ?? [])];
      }
      const custom = getHash(p, "custom_field_values");
      if (custom) group.custom_field_values = { ...group.custom_field_values, ...custom };
      group.updated_at = nowIso();
      return clone(group);
    },
  );
  return jsonResponse(200, updated);
}

export const identityRoutes: RestRoute[] = [
  { method: "GET", pattern: /^\/identities$/, handler: listIdentities, schema: "Identity" },
  {
    method: "GET",
    pattern: /^\/identities\/(?<id>[^/]+)$/,
    handler: (ctx) => jsonResponse(200, clone(findIdentity(ctx))),
    schema: "Identity",
  },
  { method: "GET", pattern: /^\/identity_groups$/, handler: listGroups, schema: "IdentityGroup" },
  {
    method: "GET",
    pattern: /^\/identity_groups\/(?<id>[^/]+)$/,
    handler: (ctx) => jsonResponse(200, clone(findGroup(ctx))),
    schema: "IdentityGroup",
  },
  {
    method: "PUT",
    pattern: /^\/identity_groups\/(?<id>[^/]+)$/,
    handler: updateGroup,
    schema: "IdentityGroup",
  },
];
