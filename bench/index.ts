/** `npm run bench`: every figure in one table. Benchmarks, not tests: nothing here passes or fails. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { main as nodes } from "./nodes.bench";

type Section = { title: string; rows: [string, string, string][] };
const packageBench = require("./package.bench.js") as { main(): Section };

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

async function run(): Promise<void> {
  const sections: Section[] = [
    packageBench.main(),
    await nodes(),
    inFreshProcess("gateway.bench.ts"),
    inFreshProcess("redis.bench.ts"),
  ];
  for (const { title, rows } of sections) {
    console.log(`\n${title}`);
    for (const [name, value, note] of rows)
      console.log(`  ${name.padEnd(50)} ${value.padStart(12)}  ${note}`);
  }
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
