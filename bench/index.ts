/**
 * `npm run bench`: every figure in one table, each goal marked met (✓) or missed (✗ MISSED), and a
 * summary line at the end. Benchmarks, not tests: `npm test` never runs them; `npm run bench --
 * --check` exits 1 when a goal was missed, for whoever wants to act on it.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { exitCodeOf, formatSection, type Section, summaryLine } from "./goals";
import { main as nodes } from "./nodes.bench";
import { main as packageFigures } from "./package.bench";

/**
 * A load-generating section runs in a fresh process: the heap the other sections left behind would
 * otherwise make the generator collect garbage in the middle of the measured rounds.
 */
function inFreshProcess(file: string): Section {
  const script = `require(${JSON.stringify(path.join(__dirname, file))}).main().then((section) => process.stdout.write(JSON.stringify(section)))`;
  const output = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.toString("utf8")) as Section;
}

const USAGE = `Usage: npm run bench [-- --check]

Builds the archive, then measures the package, the nodes, the gateway, the gateway with Redis and the
gateway under attack (loopback only, bounded; a few minutes). Every goal is marked ✓ or ✗ MISSED and
the last line sums them up. Exit code 0, unless --check is given and a goal was missed (then 1).
`;

async function run(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown argument ${unknown.join(" ")}. See --help.\n`);
    return 2;
  }
  const sections: Section[] = [];
  const show = (section: Section) => {
    sections.push(section);
    console.log(`\n${formatSection(section)}`);
  };
  show(packageFigures());
  show(await nodes());
  show(inFreshProcess("gateway.bench.ts"));
  show(inFreshProcess("redis.bench.ts"));
  show(inFreshProcess("attack.bench.ts"));
  console.log(`\n${summaryLine(sections)}`);
  return exitCodeOf(sections, argv.includes("--check"));
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
