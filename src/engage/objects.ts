/** Readings of RCE objects whose fields the spec leaves optional, written once. */
import type { RceIntervention } from "./types";

/** `closed` may be absent (the spec requires only `id`); a set `closed_at` then says it. */
export function isInterventionClosed(intervention: RceIntervention): boolean {
  if (typeof intervention.closed === "boolean") return intervention.closed;
  return typeof intervention.closed_at === "string" && intervention.closed_at.length > 0;
}
