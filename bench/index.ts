/** `npm run bench`: every figure in one table. Benchmarks, not tests: nothing here passes or fails. */
import { main as gateway } from "./gateway.bench";
import { main as nodes } from "./nodes.bench";
import { main as redis } from "./redis.bench";

type Section = { title: string; rows: [string, string, string][] };
const packageBench = require("./package.bench.js") as { main(): Section };

async function run(): Promise<void> {
  const sections: Section[] = [packageBench.main(), await nodes(), await gateway(), await redis()];
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
