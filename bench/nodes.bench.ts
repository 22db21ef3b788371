/**
 * Node figures against the RCE simulator over loopback, with the built bundle:
 * RCE requests per node, node overhead at zero latency, and Handover wall time at 50 ms simulated
 * latency against the lower bound of its sequential round trips. Medians of repeated runs.
 */
import { type HarnessResult, runNode } from "../test/harness";
import { builtExtension, builtNode, startWorld, type World } from "../test/support/e2e";
import { goal, printAlone, type Row, type Section } from "./goals";

const RUNS = Number(process.env.BENCH_RUNS || 15);
const LATENCY_MS = 50;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

let session = 0;

async function run(
  world: World,
  type: string,
  config: Record<string, unknown>,
  input: Record<string, unknown>,
  context: Record<string, unknown> = {},
): Promise<HarnessResult> {
  const result = await runNode(builtNode(type), {
    config: { connection: world.connection, ...config },
    profile: { firstname: "Ada", lastname: "Lovelace", email: "ada@example.com" },
    context,
    input,
    nodes: builtExtension().nodes,
  });
  if (result.violations.length > 0 || result.nextNode?.type?.endsWith("Error")) {
    throw new Error(`${type} failed: ${JSON.stringify(result.violations)} ${JSON.stringify(result.input)}`);
  }
  return result;
}

/** One handover on a conversation RCE has already imported (the common path); returns wall ms and requests. */
async function handoverOnce(world: World): Promise<{ ms: number; requests: number }> {
  session++;
  const input = {
    userId: `bench-user-${session}`,
    sessionId: `bench-${session}`,
    URLToken: "bench",
    inputId: `in-${session}-1`,
    text: "hello",
  };
  await run(world, "rceSendMessage", {}, input);
  await world.sim.waitForImports();
  world.sim.resetRequests();
  const started = process.hrtime.bigint();
  await run(world, "rceHandover", {}, { ...input, inputId: `in-${session}-2`, text: "agent please" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, requests: world.sim.countRequests() };
}

async function nodeOverhead(
  world: World,
  type: string,
  config: Record<string, unknown>,
): Promise<{ ms: number; requests: number }> {
  const times: number[] = [];
  let requests = 0;
  for (let i = 0; i < RUNS; i++) {
    session++;
    world.sim.resetRequests();
    const started = process.hrtime.bigint();
    await run(world, type, config, {
      userId: `u-${session}`,
      sessionId: `s-${session}`,
      URLToken: "bench",
      inputId: `i-${session}`,
      text: "hi",
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    requests = world.sim.countRequests();
  }
  return { ms: median(times), requests };
}

export async function main(): Promise<Section> {
  const rows: Row[] = [];
  const world = await startWorld();
  try {
    for (let i = 0; i < 3; i++) await handoverOnce(world); // warm-up
    const zero: number[] = [];
    let requests = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await handoverOnce(world);
      zero.push(r.ms);
      requests = r.requests;
    }
    const lookups: number[] = [];
    let lookupRequests = 0;
    for (let i = 0; i < RUNS; i++) {
      session++;
      const input = {
        userId: `lq-${session}`,
        sessionId: `lq-${session}`,
        URLToken: "bench",
        inputId: `lq-${session}-1`,
        text: "agent",
      };
      const handed = await run(world, "rceHandover", {}, input);
      world.sim.resetRequests();
      const started = process.hrtime.bigint();
      await run(
        world,
        "rceLookupQueueStatus",
        { estimate: false },
        { ...input, inputId: `lq-${session}-2` },
        handed.context,
      );
      lookups.push(Number(process.hrtime.bigint() - started) / 1e6);
      lookupRequests = world.sim.countRequests();
    }
    const sync = await nodeOverhead(world, "rceSyncProfile", {});
    const send = await nodeOverhead(world, "rceSendMessage", {});
    rows.push({
      name: "Handover to RCE: RCE requests (thread imported)",
      value: String(requests),
      note: "",
      goals: [goal(requests, "≤", 3)],
    });
    rows.push({
      name: "Handover to RCE at 0 ms latency, median",
      value: `${median(zero).toFixed(1)} ms`,
      note: "node + harness + loopback",
    });
    rows.push({
      name: "Lookup Queue Status at 0 ms latency, median",
      value: `${median(lookups).toFixed(1)} ms`,
      note: `${lookupRequests} request(s) queued; ≤ 3 with estimate`,
      goals: [goal(lookupRequests, "≤", 3, { label: "requests" })],
    });
    rows.push({
      name: "Sync Profile at 0 ms latency, median",
      value: `${sync.ms.toFixed(1)} ms`,
      note: `${sync.requests} request(s)`,
    });
    rows.push({
      name: "Send Message to RCE at 0 ms latency, median",
      value: `${send.ms.toFixed(1)} ms`,
      note: `${send.requests} request(s)`,
    });

    world.sim.setLatency(LATENCY_MS);
    const slow: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await handoverOnce(world);
      slow.push(r.ms);
      requests = r.requests;
    }
    const bound = requests * LATENCY_MS;
    rows.push({
      name: `Handover to RCE at ${LATENCY_MS} ms latency, median`,
      value: `${median(slow).toFixed(1)} ms`,
      note: `lower bound ${requests} × ${LATENCY_MS} = ${bound} ms`,
    });
    const ratio = median(slow) / bound;
    rows.push({
      name: "Handover wall time / sequential lower bound",
      value: `${ratio.toFixed(3)}×`,
      note: "",
      goals: [goal(ratio, "≤", 1.1, { unit: "×", digits: 3 })],
    });
  } finally {
    await world.close();
  }
  return { title: `nodes (${RUNS} runs each, built bundle, simulator on loopback)`, rows };
}

if (require.main === module) main().then((section) => printAlone(section));
