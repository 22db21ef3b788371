/**
 * What Handover to RCE leaves for the agent on the intervention: an internal note (the summary and
 * the reason, POST /intervention_comments, never shown to the user) and the intervention's custom
 * fields (PUT /interventions/{id}). Both need the intervention, which RCE opens when an agent takes
 * the conversation: until then the brief waits in the escalation state, and Route to RCE delivers it
 * at the first lifecycle event that names the intervention (README "Rich content, attachments and
 * notes").
 */
import type { EngageClient } from "../../engage/client";
import { EngageError, isEngageError } from "../../engage/errors";
import type { RceIntervention } from "../../engage/types";

/** The brief still to deliver. */
export interface AgentBrief {
  note?: string;
  customFields?: Record<string, string>;
}

export type NoteOutcome =
  | { status: "posted"; interventionId: string; commentId: string }
  | { status: "waiting_for_intervention" }
  | { status: "not_possible"; reason: string };

export type CustomFieldsOutcome =
  | { status: "set"; interventionId: string; keys: string[] }
  | { status: "waiting_for_intervention"; keys: string[] };

export interface BriefOutcome {
  note?: NoteOutcome;
  customFields?: CustomFieldsOutcome;
  /** What is still to deliver (undefined: nothing). */
  pending?: AgentBrief;
}

/** RCE documents no limit for a comment's body; a message's is 20,000 characters, so that one. */
export const MAX_NOTE_CHARS = 20_000;

export function noteText(summary: string, reason: string): string | undefined {
  const lines = [reason ? `Reason: ${reason}` : "", summary ? `Summary: ${summary}` : ""].filter(Boolean);
  if (!lines.length) return undefined;
  const text = lines.join("\n");
  return text.length > MAX_NOTE_CHARS ? `${text.slice(0, MAX_NOTE_CHARS - 1)}…` : text;
}

export function isEmptyBrief(brief: AgentBrief | undefined): boolean {
  return !brief?.note && !brief?.customFields;
}

/**
 * Refuses before anything is posted what RCE would refuse later: keys that are no custom field of
 * interventions (GET /custom_fields), each named.
 */
export async function checkCustomFieldKeys(client: EngageClient, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  const fields = await client.rest.collect((p) => client.rest.listCustomFields(p), 300);
  const known = new Set(
    fields
      .filter((f) => !f.associated_type_name || f.associated_type_name === "Intervention")
      .map((f) => f.key),
  );
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length) {
    throw new EngageError(
      "config",
      `RCE has no intervention custom field ${unknown.map((k) => `"${k}"`).join(", ")}: use the keys shown in RCE Admin > Custom fields (fields of interventions).`,
      { fields: ["Intervention custom fields"] },
    );
  }
}

/** The open intervention of RCE's thread, or undefined while there is none. */
export async function openIntervention(
  client: EngageClient,
  rceThreadId: string,
): Promise<RceIntervention | undefined> {
  const list = await client.rest.listInterventions({ thread_id: rceThreadId, status: "opened" });
  return list.records.find((i) => i.closed !== true);
}

/**
 * Delivers the brief on `intervention` (with `agentId` as the note's author when RCE names no agent
 * on it). Without an intervention, or without anyone to sign the note, it keeps waiting. RCE's
 * refusal of a custom field is thrown (the node's error branch names it); a note RCE will not take
 * is reported, not thrown: the handover itself stands.
 */
export async function deliverBrief(
  client: EngageClient,
  brief: AgentBrief,
  intervention: RceIntervention | undefined,
  agentId: string | undefined,
): Promise<BriefOutcome> {
  const out: BriefOutcome = {};
  const pending: AgentBrief = {};
  const keys = brief.customFields ? Object.keys(brief.customFields) : [];
  if (brief.customFields) {
    if (intervention) {
      await client.rest.updateInterventionCustomFields(intervention.id, brief.customFields);
      out.customFields = { status: "set", interventionId: intervention.id, keys };
    } else {
      out.customFields = { status: "waiting_for_intervention", keys };
      pending.customFields = brief.customFields;
    }
  }
  if (brief.note) {
    const author = intervention?.user_id ?? agentId;
    if (!intervention || !author) {
      out.note = { status: "waiting_for_intervention" };
      pending.note = brief.note;
    } else {
      try {
        const comment = await client.rest.createInterventionComment({
          intervention_id: intervention.id,
          user_id: author,
          body: brief.note,
        });
        out.note = { status: "posted", interventionId: intervention.id, commentId: comment.id };
      } catch (error) {
        if (!isEngageError(error)) throw error;
        out.note = { status: "not_possible", reason: error.message };
      }
    }
  }
  if (!isEmptyBrief(pending)) out.pending = pending;
  return out;
}
