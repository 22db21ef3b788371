/**
 * Genuine signed agent replies while the gateway is attacked: replies per second, the share answered
 * 2xx, p99, and the gateway's peak RSS during each attack (its own process, the built file). Each
 * attacker runs in a process of its own from 127.0.0.2; the genuine load comes from here. Goals
 * (issue #21): ≥ 99 % answered 2xx, p99 ≤ 100 ms, peak RSS ≤ 256 MB. Loopback only, bounded.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { validConnection } from "../test/support/fixtures";
import { startGatewayProcess } from "../test/support/gatewayProcess";
import { agentReplies, bareServer, load, signature } from "./gateway.bench";
import { condition, goal, printAlone, type Row, type Section } from "./goals";

const REQUESTS = Number(process.env.BENCH_ATTACK_REQUESTS || 3000);
const CONCURRENCY = 8;
const GENUINE = { concurrency: CONCURRENCY, tolerateRefusals: true };

function startAttacker(kind: string, origin: string, count: number, ms: number): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "attacker.ts"), kind, origin, String(count), String(ms)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve) => child.once("exit", () => resolve(out)));
}

function resetPeak(pid: number): void {
  // Writing 5 to clear_refs resets VmHWM, so each attack's peak is its own.
  fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

export async function main(): Promise<Section> {
  const cognigy = await bareServer();
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gateway-attack-")), "gateway.log");
  const gateway = await startGatewayProcess(
    {
      ...validConnection({
        baseApiUrl: "http://127.0.0.1:9",
        realtimeEndpointUrl: "http://127.0.0.1:9/realtime/sdk/src1",
      }),
      cognigyEndpointUrl: cognigy.origin,
      logLevel: "info",
    },
    {},
    "file",
    logFile,
  );
  const pid = gateway.child.pid ?? 0;
  await load(gateway.url, agentReplies("warm", 5000), signature, GENUINE);
  const scenarios: [string, string, number][] = [
    ["quiet (no attack)", "", 0],
    ["20 connections hold declared 2 MB bodies", "declared", 20],
    ["200 connections hold declared 2 MB bodies", "declared", 200],
    ["1,000 clients post 2 MB to other routes", "other-routes", 1000],
    ["200 connections pipeline without reading", "pipelining", 200],
  ];
  const rows: Row[] = [];
  for (const [name, kind, count] of scenarios) {
    resetPeak(pid);
    // The attacker runs for longer than the genuine load needs; its tally comes when it stops.
    const attacker = kind ? startAttacker(kind, gateway.origin, count, 8000) : Promise.resolve("");
    if (kind) await new Promise((resolve) => setTimeout(resolve, 1500));
    const measured = await load(
      gateway.url,
      agentReplies(`a-${kind}-${count}`, REQUESTS),
      signature,
      GENUINE,
    );
    const peak = gateway.peakRssMb();
    const tally = await attacker;
    const share = (measured.ok / REQUESTS) * 100;
    rows.push({
      name: `under attack: ${name}`,
      value: `${measured.perSecond.toFixed(0)}/s`,
      note: tally ? `attacker: ${tally}` : "",
      goals: [
        goal(share, "≥", 99, { label: "2xx", unit: " %", digits: 1 }),
        goal(measured.p99, "≤", 100, { label: "p99", unit: " ms", digits: 1 }),
        goal(peak, "≤", 256, { label: "peak RSS", unit: " MB" }),
      ],
    });
    if (!gateway.alive()) break;
  }
  const alive = gateway.alive();
  rows.push({
    name: "gateway after the attacks",
    value: alive ? "alive" : "DEAD",
    note: `${rows.length} of ${scenarios.length} scenarios run`,
    goals: [condition("process alive", alive, alive ? "yes" : "DEAD")],
  });
  await gateway.stop();
  cognigy.close();
  fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  return {
    title: `gateway under attack (built file, own process; ${REQUESTS} signed agent replies at ${CONCURRENCY} concurrent per attack; attackers in their own processes from 127.0.0.2)`,
    rows,
  };
}

if (require.main === module) main().then((section) => printAlone(section));
