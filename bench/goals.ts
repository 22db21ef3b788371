/**
 * The bench's rows and their goals: one place decides whether a measured figure meets its goal
 * (`goal`), one format prints a row (`formatRow`) and one line sums the run up (`summaryLine`).
 * `npm run bench -- --check` exits non-zero when a goal is missed; the bench is still not a test.
 */

export type Comparison = "≤" | "<" | "≥";

export interface Goal {
  /** What is measured, when it is not the row's value: "p99", "2xx". */
  label?: string;
  /** What is asked, as printed: "≤ 10 ms". */
  goal: string;
  /** The figure measured against it, as printed: "14.7 ms". */
  measured: string;
  met: boolean;
}

export interface Row {
  name: string;
  value: string;
  note: string;
  goals?: Goal[];
}

export interface Section {
  title: string;
  rows: Row[];
}

const MEETS: Record<Comparison, (measured: number, limit: number) => boolean> = {
  "≤": (measured, limit) => measured <= limit,
  "<": (measured, limit) => measured < limit,
  "≥": (measured, limit) => measured >= limit,
};

/**
 * A goal on a measured number, compared as printed: a figure shown as "0.40×" meets "≥ 0.4×" even
 * when it was 0.3996 before rounding, so what the reader sees and what is decided agree.
 */
export function goal(
  measured: number,
  comparison: Comparison,
  limit: number,
  { unit = "", digits = 0, label = "" }: { unit?: string; digits?: number; label?: string } = {},
): Goal {
  const shown = Number(measured.toFixed(digits));
  return {
    ...(label ? { label } : {}),
    goal: `${comparison} ${limit}${unit}`,
    measured: `${shown.toFixed(digits)}${unit}`,
    met: Number.isFinite(measured) && MEETS[comparison](shown, limit),
  };
}

/** A goal that is a condition rather than a number ("the gateway stays alive"). */
export function condition(label: string, met: boolean, measured: string): Goal {
  return { label, goal: label, measured, met };
}

export const MISSED_MARK = "✗ MISSED";
export const MET_MARK = "✓";

const mark = (g: Goal) => (g.met ? MET_MARK : MISSED_MARK);

/** "goal ≤ 250 KB ✓" for the row's value; "p99 14.70 ms (goal ≤ 10 ms) ✗ MISSED" for another figure. */
function goalText(g: Goal): string {
  if (g.label === g.goal) return `${g.label}: ${g.measured} ${mark(g)}`;
  return g.label ? `${g.label} ${g.measured} (goal ${g.goal}) ${mark(g)}` : `goal ${g.goal} ${mark(g)}`;
}

/** "  name ……  value  goal ≤ 10 ms ✓; note" */
export function formatRow(row: Row, nameWidth = 50): string {
  const parts = [...(row.goals ?? []).map(goalText), ...(row.note ? [row.note] : [])];
  return `  ${row.name.padEnd(nameWidth)} ${row.value.padStart(12)}  ${parts.join("; ")}`.trimEnd();
}

/** The title and its rows, the names padded to the longest one (at least `nameWidth`). */
export function formatSection(section: Section, nameWidth = 50): string {
  const width = Math.max(nameWidth, ...section.rows.map((row) => row.name.length));
  return [section.title, ...section.rows.map((row) => formatRow(row, width))].join("\n");
}

export function missedGoals(sections: readonly Section[]): { row: Row; goal: Goal }[] {
  return sections.flatMap((s) =>
    s.rows.flatMap((row) => (row.goals ?? []).filter((g) => !g.met).map((g) => ({ row, goal: g }))),
  );
}

/** "12 goals, 0 missed" or "12 goals, 2 missed: gateway / bare throughput (0.39×, goal ≥ 0.4×); …" */
export function summaryLine(sections: readonly Section[]): string {
  const total = sections.reduce((n, s) => n + s.rows.reduce((m, r) => m + (r.goals?.length ?? 0), 0), 0);
  const missed = missedGoals(sections);
  const list = missed
    .map(({ row, goal: g }) =>
      g.label === g.goal
        ? `${row.name} (${g.label}: ${g.measured})`
        : `${row.name} (${g.label ? `${g.label} ` : ""}${g.measured}, goal ${g.goal})`,
    )
    .join("; ");
  return `${total} goals, ${missed.length} missed${missed.length > 0 ? `: ${list}` : ""}`;
}

/** The exit code of `npm run bench`: 0, unless `--check` was given and a goal was missed. */
export function exitCodeOf(sections: readonly Section[], check: boolean): 0 | 1 {
  return check && missedGoals(sections).length > 0 ? 1 : 0;
}

/** For a bench file run on its own (`npx tsx bench/x.bench.ts`): its section and its summary. */
export function printAlone(section: Section, nameWidth = 50): void {
  console.log(formatSection(section, nameWidth));
  console.log(`\n${summaryLine([section])}`);
}
