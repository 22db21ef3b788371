/**
 * One attacker in a process of its own, for the "under attack" bench:
 * `node --import tsx bench/attacker.ts <kind> <origin> <count> <ms>` runs the attack for <ms>, then
 * prints its tally as JSON. Loopback only; from 127.0.0.2 (another client than the genuine load).
 */
import {
  type Attack,
  type AttackTally,
  bodiesToOtherRoutes,
  holdDeclaredBodies,
  pipelineWithoutReading,
  targetOf,
} from "../test/support/attackers";

const [kind, origin, countText, msText] = process.argv.slice(2);
const count = Number(countText);
const ms = Number(msText);
const target = targetOf(origin, "127.0.0.2");
const sleep = (t: number) => new Promise((resolve) => setTimeout(resolve, t));

async function run(): Promise<AttackTally> {
  if (kind === "declared") {
    const attack: Attack = holdDeclaredBodies(target, count);
    await sleep(ms);
    return attack.stop();
  }
  if (kind === "pipelining") {
    const attack = pipelineWithoutReading(target, count, 20_000);
    await sleep(ms);
    return attack.stop();
  }
  if (kind === "other-routes") {
    // `count` clients at once, again and again until the time is up.
    const body = Buffer.alloc(2 * 1024 * 1024, "x");
    const until = Date.now() + ms;
    const total: AttackTally = { connections: 0, answers: {}, cleanCloses: 0, resets: 0 };
    while (Date.now() < until) {
      const tally = await bodiesToOtherRoutes(target, count, count, body);
      total.connections += tally.connections;
      total.cleanCloses += tally.cleanCloses;
      total.resets += tally.resets;
      for (const [status, n] of Object.entries(tally.answers))
        total.answers[Number(status)] = (total.answers[Number(status)] ?? 0) + n;
    }
    return total;
  }
  throw new Error(`unknown attack ${kind}`);
}

run().then((tally) => {
  process.stdout.write(JSON.stringify(tally));
  process.exit(0);
});
