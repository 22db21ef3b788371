/**
 * End-to-end wiring: the RCE simulator on loopback, a connection pointing at it, and the node
 * descriptors of the BUILT bundle (what ships), run through the Cognigy harness.
 */
import fs from "node:fs";
import path from "node:path";
import type { INodeDescriptor } from "@cognigy/extension-tools";
import { DEFAULT_AGENT_IDENTITY, DEFAULT_BOT_IDENTITY } from "../../src/engage/identities";
import { type RceSimulator, type SimulatorOptions, startRceSimulator } from "../simulator";

const BUILT = path.resolve(__dirname, "..", "..", "build", "module.js");

interface BuiltExtension {
  nodes: INodeDescriptor[];
  connections: { type: string; fields: { fieldName: string }[] }[];
  options?: { label?: string };
}

let cached: BuiltExtension | undefined;

/** The extension as Cognigy loads it from the archive; `npm test` bundles it first. */
export function builtExtension(): BuiltExtension {
  if (!cached) {
    if (!fs.existsSync(BUILT))
      throw new Error("build/module.js is missing: run `npm run bundle` (npm test does it).");
    const loaded = require(BUILT) as { default?: BuiltExtension } & BuiltExtension;
    cached = loaded.default ?? loaded;
  }
  return cached;
}

export function builtNode(type: string): INodeDescriptor {
  const node = builtExtension().nodes.find((n) => n.type === type);
  if (!node) throw new Error(`the built extension has no node of type ${type}`);
  return node;
}

export interface World {
  sim: RceSimulator;
  connection: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The handover's identities as an admin leaves them after setup step 7: both Controlled, the Agent
 * one assigned to the second agent. Pass `controlledIdentities: []` for a tenant before step 7.
 */
export const STEP_SEVEN_DONE: NonNullable<SimulatorOptions["controlledIdentities"]> = [
  { foreignId: DEFAULT_AGENT_IDENTITY.id, screenname: DEFAULT_AGENT_IDENTITY.name },
  { foreignId: DEFAULT_BOT_IDENTITY.id, screenname: DEFAULT_BOT_IDENTITY.name, userIds: [] },
];

export async function startWorld(options: SimulatorOptions = {}): Promise<World> {
  const sim = await startRceSimulator({ controlledIdentities: STEP_SEVEN_DONE, ...options });
  const d = sim.defaults;
  const connection = {
    apiAccessToken: d.apiAccessToken,
    botCategoryId: d.botCategoryId,
    agentCategoryId: d.agentCategoryId,
    realtimeAccessToken: d.realtimeAccessToken,
    realtimeEndpointUrl: sim.realtimeEndpointUrl,
    webhookSecret: d.webhookSecret,
    baseApiUrl: sim.baseApiUrl,
  };
  return { sim, connection, close: () => sim.close() };
}

/** The three secret values of a connection, for leak checks. */
export function secretValues(connection: Record<string, string>): string[] {
  return [connection.apiAccessToken, connection.realtimeAccessToken, connection.webhookSecret];
}
