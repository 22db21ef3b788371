/**
 * The agents' side of an intervention: GET /custom_fields (the fields an admin defined) and
 * POST /intervention_comments (internal notes: agents see them, the customer never does).
 */

import { jsonResponse, notFound, pageResponse, RestError } from "../http";
import { newId, nowIso } from "../ids";
import { getString } from "../params";
import { clone, type RestContext, type RestRoute, requireRead } from "./context";

function listCustomFields(ctx: RestContext) {
  const fields = [...ctx.store.customFields.values()].sort((a, b) => a.position - b.position);
  return pageResponse(ctx.params, fields.map(clone));
}

/**
 * Spec createInterventionComment: body, intervention_id and user_id mandatory; 404 without "read" on
 * the intervention's source; 422 otherwise.
 */
function createComment(ctx: RestContext) {
  const body = getString(ctx.params, "body");
  const interventionId = getString(ctx.params, "intervention_id");
  const userId = getString(ctx.params, "user_id");
  const missing = [
    ["body", body],
    ["intervention_id", interventionId],
    ["user_id", userId],
  ].flatMap(([name, value]) => (value?.trim() ? [] : [name]));
  if (missing.length > 0)
    throw new RestError(422, "invalid_parameters", `${missing.join(", ")} must not be blank`);
  const intervention = ctx.store.interventions.get(interventionId ?? "");
  if (!intervention) throw notFound("Intervention");
  requireRead(ctx, intervention.source_id, "Intervention");
  if (!ctx.store.users.has(userId ?? "")) throw new RestError(422, "invalid_user", "User not found");
  const now = nowIso();
  const comment = {
    id: newId(),
    body: body ?? "",
    intervention_id: intervention.id,
    thread_id: intervention.thread_id,
    user_id: userId ?? "",
    created_at: now,
    updated_at: now,
  };
  ctx.store.interventionComments.set(comment.id, comment);
  return jsonResponse(200, clone(comment));
}

export const noteRoutes: RestRoute[] = [
  { method: "GET", pattern: /^\/custom_fields$/, handler: listCustomFields, schema: "CustomField" },
  {
    method: "POST",
    pattern: /^\/intervention_comments$/,
    handler: createComment,
    schema: "InterventionComment",
  },
];
