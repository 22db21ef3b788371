/**
 * While the user waits for an agent: whether Route to RCE says the waiting message again (every N
 * queue updates, or every N minutes), and whether an input asks to cancel.
 */
import type { EscalationState } from "../shared/escalationState";

export interface WaitingOptions {
  /** The message; empty = never repeated. */
  text: string;
  /** Repeat after this many queue updates (0 = not by count). */
  everyUpdates: number;
  /** Repeat when this many minutes have passed since it was last said (0 = not by time). */
  everyMinutes: number;
  /** The quick reply that cancels (empty = none offered). */
  cancelButton: string;
}

export interface WaitingStep {
  /** Say it now. */
  due: boolean;
  waitingMessage: NonNullable<EscalationState["waitingMessage"]>;
}

/** One more input while queued (`queueUpdate`: it was a queue update, which counts). */
export function nextWaitingStep(
  state: EscalationState,
  options: WaitingOptions,
  now: Date,
  queueUpdate: boolean,
): WaitingStep {
  const last = state.waitingMessage ?? { updatesSince: 0, saidAt: state.escalatedAt ?? now.toISOString() };
  const updatesSince = last.updatesSince + (queueUpdate ? 1 : 0);
  const minutes = (now.getTime() - Date.parse(last.saidAt)) / 60_000;
  const due =
    options.text.trim() !== "" &&
    ((options.everyUpdates > 0 && queueUpdate && updatesSince >= options.everyUpdates) ||
      (options.everyMinutes > 0 && minutes >= options.everyMinutes));
  return due
    ? { due, waitingMessage: { updatesSince: 0, saidAt: now.toISOString() } }
    : { due, waitingMessage: { updatesSince, saidAt: last.saidAt } };
}

/** Whether this input asks to cancel: the Cancel Intent, or the Cancel Button's text (either case). */
export function asksToCancel(
  input: { text: string; intent?: string },
  cancel: { intent: string; button: string },
): boolean {
  const intent = cancel.intent.trim();
  const button = cancel.button.trim().toLowerCase();
  return (
    (intent !== "" && input.intent === intent) ||
    (button !== "" && input.text.trim().toLowerCase() === button)
  );
}
