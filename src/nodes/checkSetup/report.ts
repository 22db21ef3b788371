/**
 * The setup check's report: one line per check (`pass`, `fail` or `cannot check`), failures naming
 * the setup step (1-8, as in the README and Cognigy's RCE guide) that fixes them. No Cognigy imports:
 * the node and the command line print the same text.
 */

export type CheckStatus = "pass" | "fail" | "cannot check";

export interface SetupCheck {
  id: string;
  title: string;
  /** The setup steps this check is about. */
  steps: number[];
  status: CheckStatus;
  detail: string;
  /** Failures only: the step that fixes it and what to do there. */
  fix?: { step: number; action: string };
  /** "cannot check" by design (RCE's API never shows it), as opposed to RCE refusing or timing out now. */
  permanent?: boolean;
}

export interface SetupReport {
  /**
   * "passed" only when every check RCE's API can show passed: a failure, or a check RCE refused or
   * did not answer in time, keeps it from passing. Checks that can never be made do not count.
   */
  status: "passed" | "failed";
  counts: { pass: number; fail: number; cannotCheck: number };
  checks: SetupCheck[];
  rceRequests: number;
  durationMs: number;
  checkedAt: string;
}

/** What names a check: its id, title and the setup steps it covers. */
export type CheckHead = Pick<SetupCheck, "id" | "title" | "steps">;

/** Longest detail kept; RCE's own texts are quoted inside details and can be long. */
const MAX_DETAIL_CHARS = 400;

export function clip(text: string, max = MAX_DETAIL_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function pass(head: CheckHead, detail: string): SetupCheck {
  return { ...head, status: "pass", detail: clip(detail) };
}

export function fail(head: CheckHead, detail: string, fix: { step: number; action: string }): SetupCheck {
  return { ...head, status: "fail", detail: clip(detail), fix: { step: fix.step, action: clip(fix.action) } };
}

export function cannotCheck(head: CheckHead, why: string, permanent = false): SetupCheck {
  return { ...head, status: "cannot check", detail: clip(why), ...(permanent ? { permanent } : {}) };
}

export function summarise(
  checks: SetupCheck[],
  stats: { rceRequests: number; durationMs: number; checkedAt: string },
): SetupReport {
  const count = (status: CheckStatus) => checks.filter((c) => c.status === status).length;
  const counts = { pass: count("pass"), fail: count("fail"), cannotCheck: count("cannot check") };
  const unverified = checks.filter((c) => c.status === "cannot check" && !c.permanent).length;
  return { status: counts.fail === 0 && unverified === 0 ? "passed" : "failed", counts, checks, ...stats };
}

function stepsLabel(steps: number[]): string {
  return steps.length === 1 ? `step ${steps[0]}` : `steps ${steps.join(", ")}`;
}

/** "fail          Source (step 3): … Fix (step 3): …" */
export function formatCheck(check: SetupCheck): string {
  const fix = check.fix ? ` Fix (step ${check.fix.step}): ${check.fix.action}` : "";
  return `${check.status.padEnd(12)}  ${check.title} (${stepsLabel(check.steps)}): ${check.detail}${fix}`;
}

export function formatReport(report: SetupReport): string {
  const { pass: passed, fail: failed, cannotCheck: unknown } = report.counts;
  const head = `RCE setup check: ${passed} pass, ${failed} fail, ${unknown} cannot check.`;
  return [head, ...report.checks.map(formatCheck)].join("\n");
}
