/**
 * `settings.sparseAnswers`: REST records keep only the fields their spec schema lists as
 * `required` (engage-digital_openapi3.yaml, components/schemas), so the product's tests can prove
 * they tolerate every optional field being absent. Paging envelopes are kept.
 */
import type { SimulatorSettings } from "../domain";
import { JSON_TYPE, type SimResponse } from "../http";

/** The `required` list of each schema the simulator renders ([] = the schema has none). */
export const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  AgentStatus: [],
  Category: ["id"],
  Channel: [],
  Community: [],
  Content: ["id"],
  CustomField: ["id", "label"],
  Identity: [],
  IdentityGroup: ["id"],
  Intervention: ["id"],
  InterventionComment: [],
  Source: [],
  Task: ["id"],
  Thread: ["id"],
  User: ["id"],
  Webhook: ["id"],
};

function keepRequired(record: unknown, required: readonly string[]): unknown {
  if (!record || typeof record !== "object" || Array.isArray(record)) return record;
  const out: Record<string, unknown> = {};
  for (const key of required) if (key in record) out[key] = (record as Record<string, unknown>)[key];
  return out;
}

/** Applies sparseAnswers to a route's JSON answer (a record, a record array or a paging envelope). */
export function sparsify(
  settings: SimulatorSettings,
  schema: string | undefined,
  res: SimResponse,
): SimResponse {
  if (!settings.sparseAnswers || !schema || res.status < 200 || res.status >= 300) return res;
  if (settings.sparseSchemas && !settings.sparseSchemas.includes(schema)) return res;
  const required = REQUIRED_FIELDS[schema];
  if (!required || !(res.headers["content-type"] ?? "").startsWith(JSON_TYPE.split(";")[0] as string))
    return res;
  let value: unknown;
  try {
    value = JSON.parse(res.body);
  } catch {
    return res;
  }
  let sparse: unknown;
  if (Array.isArray(value)) sparse = value.map((r) => keepRequired(r, required));
  else if (value && typeof value === "object" && Array.isArray((value as { records?: unknown }).records)) {
    const envelope = value as { records: unknown[] };
    sparse = { ...envelope, records: envelope.records.map((r) => keepRequired(r, required)) };
  } else sparse = keepRequired(value, required);
  return { ...res, body: JSON.stringify(sparse) };
}
