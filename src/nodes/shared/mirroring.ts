/**
 * Whether Route to RCE mirrors this conversation into RCE: remembered in the context so that Handover
 * to RCE does not post as a transcript what RCE already has.
 */

/** The context key; it never changes, Flows may read it. */
export const MIRRORING_KEY = "rceMirroring";

export interface Mirroring {
  threadId: string;
  since: string;
}

export function isMirrored(context: Record<string, unknown>, threadId: string): boolean {
  const value = context[MIRRORING_KEY];
  return !!value && typeof value === "object" && (value as Partial<Mirroring>).threadId === threadId;
}
