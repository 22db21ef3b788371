/** The bench's one decision (met or missed), its marks, its summary line and its --check exit code. */
import { expect } from "chai";
import {
  condition,
  exitCodeOf,
  formatRow,
  formatSection,
  goal,
  MISSED_MARK,
  type Section,
  summaryLine,
} from "../../bench/goals";

describe("bench goals", () => {
  it("decides met or missed from the measured figure, as it is printed", () => {
    expect(goal(9.99, "≤", 10, { unit: " ms", digits: 2 }).met).to.equal(true);
    expect(goal(14.7, "≤", 10, { unit: " ms", digits: 1 })).to.deep.equal({
      goal: "≤ 10 ms",
      measured: "14.7 ms",
      met: false,
    });
    expect(goal(0.39, "≥", 0.4, { unit: "×", digits: 2 }).met).to.equal(false);
    expect(goal(0.3996, "≥", 0.4, { unit: "×", digits: 2 }).met, "shown as 0.40×").to.equal(true);
    expect(goal(50, "<", 50, { unit: " ms" }).met).to.equal(false);
    expect(goal(Number.NaN, "≤", 10).met, "a figure that could not be measured").to.equal(false);
  });

  it("marks every missed goal on its row and every met one", () => {
    const missed = formatRow({
      name: "gateway: agent replies forwarded per second",
      value: "13680",
      note: "p50 2.10 ms",
      goals: [goal(14.7, "≤", 10, { label: "p99", unit: " ms", digits: 1 })],
    });
    expect(missed).to.match(
      /^ {2}gateway: agent replies forwarded per second +13680 {2}p99 14\.7 ms \(goal ≤ 10 ms\) ✗ MISSED; p50 2\.10 ms$/,
    );
    const met = formatRow({
      name: "archive size",
      value: "112.9 KB",
      note: "",
      goals: [goal(112.9, "≤", 250, { unit: " KB", digits: 1 })],
    });
    expect(met).to.equal(`  ${"archive size".padEnd(50)}     112.9 KB  goal ≤ 250 KB ✓`);
    expect(met).to.not.include(MISSED_MARK);
  });

  it("aligns a section's values however long its names", () => {
    const rows = [
      { name: "short", value: "1", note: "" },
      { name: `a name longer than fifty characters ${"x".repeat(30)}`, value: "22", note: "" },
    ];
    const [, ...lines] = formatSection({ title: "t", rows }).split("\n");
    expect(new Set(lines.map((l) => l.length))).to.have.property("size", 1);
  });

  const sections = (share: number, alive: boolean): Section[] => [
    {
      title: "a",
      rows: [
        { name: "archive size", value: "1 KB", note: "", goals: [goal(1, "≤", 250, { unit: " KB" })] },
        { name: "bundle size", value: "2 KB", note: "" },
      ],
    },
    {
      title: "b",
      rows: [
        {
          name: "under attack: x",
          value: "1/s",
          note: "",
          goals: [
            goal(share, "≥", 99, { label: "2xx", unit: " %", digits: 1 }),
            condition("process alive", alive, alive ? "yes" : "DEAD"),
          ],
        },
      ],
    },
  ];

  it("sums the goals up in one line, naming each missed one with its figure", () => {
    expect(summaryLine(sections(99.5, true))).to.equal("3 goals, 0 missed");
    expect(summaryLine(sections(97.25, false))).to.equal(
      "3 goals, 2 missed: under attack: x (2xx 97.3 %, goal ≥ 99 %); under attack: x (process alive: DEAD)",
    );
  });

  it("exits 1 only with --check and a missed goal", () => {
    expect(exitCodeOf(sections(97, true), true)).to.equal(1);
    expect(exitCodeOf(sections(97, true), false)).to.equal(0);
    expect(exitCodeOf(sections(99.5, true), true)).to.equal(0);
  });
});
