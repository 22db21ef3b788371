/**
 * The demo transcript compared by its structure: who said what, which node took which branch, what
 * RCE received — not the padding or the figures that differ at every run (timings and their width,
 * loopback ports, RCE's generated ids).
 */

/** One line per non-empty line of the transcript, with what differs between runs replaced. */
export function normaliseTranscript(text: string): string[] {
  return numbered(text).map((l) => l.text);
}

/** The normalised lines with their line numbers in the text (1 = its first line). */
function numbered(text: string): { text: string; line: number }[] {
  return text
    .split("\n")
    .map((line, i) => ({
      line: i + 1,
      text: line
        .replace(/\d+ ms\b/g, "N ms")
        .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT")
        .replace(/\b[0-9a-f]{24}\b/g, "ID")
        // Padding (the timings' width, aligned columns) is not structure.
        .replace(/\s+/g, " ")
        .trim(),
    }))
    .filter((l) => l.text !== "");
}

/**
 * What changed between the README's transcript and the demo's output, in words: the first line that
 * differs (its number in the README's block, expected and got), and lines only one side has.
 * Undefined when they agree.
 */
export function transcriptDifference(readme: string, demo: string, firstLine = 1): string | undefined {
  const lines = numbered(readme);
  const expected = lines.map((l) => l.text);
  const got = normaliseTranscript(demo);
  const where = (i: number) =>
    i < lines.length
      ? `line ${i + 1} of the transcript (docs/development.md line ${lines[i].line + firstLine - 1})`
      : "";
  const at = expected.findIndex((line, i) => line !== got[i]);
  if (at < 0 && expected.length === got.length) return undefined;
  if (at < 0) {
    const extra = got.slice(expected.length);
    return `the demo printed ${extra.length} line(s) more than the README's transcript (${expected.length} lines), from:\n  got:      ${extra[0]}`;
  }
  if (at >= got.length) {
    return `the demo stopped after ${got.length} line(s); the README's transcript goes on at ${where(at)}:\n  expected: ${expected[at]}`;
  }
  // A line inserted or dropped shows as such, not as every later line differing.
  const inserted = got.indexOf(expected[at], at);
  const dropped = expected.indexOf(got[at], at);
  const sizes =
    expected.length === got.length
      ? ""
      : ` (the README's transcript has ${expected.length} lines, the demo printed ${got.length})`;
  let what = `${where(at)} differs${sizes}:\n  expected: ${expected[at]}\n  got:      ${got[at]}`;
  if (inserted > at && (dropped < 0 || inserted - at <= dropped - at))
    what = `the demo printed ${inserted - at} new line(s) before ${where(at)}${sizes}:\n  got:      ${got[at]}\n  expected: ${expected[at]} (comes later in the demo)`;
  else if (dropped > at)
    what = `the demo no longer prints ${where(at)}${dropped - at > 1 ? ` (and ${dropped - at - 1} after it)` : ""}${sizes}:\n  expected: ${expected[at]}\n  got:      ${got[at]} (${where(dropped)})`;
  return what;
}
