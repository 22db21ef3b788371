/**
 * A fresh RCE tenant for the setup tests: the simulator with only what an admin makes by hand before
 * `npm run setup-rce` (the API access token, step 1, and the SDK source, step 3): no categories, no
 * default category on the source, no webhook, no agent with rights on the source, no identities.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createEngageClient, type EngageClient } from "../../src/engage/client";
import { handoverIdentities } from "../../src/engage/identities";
import type { EngageSettings } from "../../src/engage/settings";
import { setupSettings, webhookSecrets, webhookUrlFor } from "../../src/setup/input";
import { gatewayProbe } from "../../src/setup/probe";
import { runSetup } from "../../src/setup/setup";
import {
  DEFAULT_CATEGORY_NAMES,
  type GatewayProbe,
  type SetupOptions,
  type SetupResult,
  type WebhookSecrets,
} from "../../src/setup/types";
import { type RceSimulator, startRceSimulator } from "../simulator";

/**
 * Stands in for the gateway's webhook verification (what RCE and the setup's probe ask): answers the
 * challenge while `answering` and the token and secret are the runner's, else 403.
 */
export interface FakeGateway {
  url: string;
  webhookUrl: string;
  answering: boolean;
  secrets?: WebhookSecrets;
  verifications: number;
  close(): Promise<void>;
}

export async function startFakeGateway(): Promise<FakeGateway> {
  const gateway: FakeGateway = {
    url: "",
    webhookUrl: "",
    answering: true,
    verifications: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams;
    gateway.verifications++;
    const ok =
      gateway.answering &&
      query.get("hub.mode") === "subscribe" &&
      query.get("hub.verify_token") === gateway.secrets?.verifyToken &&
      req.headers["x-dimelo-secret"] === gateway.secrets?.webhookSecret;
    res.writeHead(ok ? 200 : 403, { "content-type": "text/plain" });
    res.end(ok ? (query.get("hub.challenge") ?? "") : "no");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateway.webhookUrl = `${gateway.url}/handover/rce`;
  gateway.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return gateway;
}

export async function startFreshTenant(): Promise<RceSimulator> {
  const sim = await startRceSimulator({ importDelayMs: 1, controlledIdentities: [] });
  const d = sim.defaults;
  sim.store.categories.clear();
  const source = sim.store.sources.get(d.sourceId);
  if (source) source.default_category_ids = [];
  sim.store.webhooks.delete(d.webhookId);
  sim.store.webhookMeta.delete(d.webhookId);
  sim.store.setPermissions(d.agentUserId, d.sourceId, []);
  sim.store.setPermissions(d.secondAgentUserId, d.sourceId, []);
  const alice = sim.store.users.get(d.secondAgentUserId);
  if (alice) alice.category_ids = [];
  return sim;
}

/** What an admin gives: the token, the source's two values, the gateway's address. */
export function inputFor(sim: RceSimulator, gatewayUrl: string) {
  return {
    apiAccessToken: sim.defaults.apiAccessToken,
    realtimeAccessToken: sim.defaults.realtimeAccessToken,
    realtimeEndpointUrl: sim.realtimeEndpointUrl,
    baseApiUrl: sim.baseApiUrl,
    gatewayUrl,
  };
}

export const notReady = async (): Promise<GatewayProbe> => ({ ready: false, detail: "not reachable" });

export interface Runner {
  client: () => EngageClient;
  secrets: WebhookSecrets;
  run(options?: Partial<SetupOptions>): Promise<SetupResult>;
}

function checkedSettings(checked: ReturnType<typeof setupSettings>): EngageSettings {
  if (!checked.settings) throw new Error(checked.problems.map((p) => p.message).join("; "));
  return checked.settings;
}

/** Runs the setup in process; `secrets` stay the same across runs, as the --out file keeps them. */
export function runner(sim: RceSimulator, gateway: FakeGateway, base: Partial<SetupOptions> = {}): Runner {
  const first = webhookSecrets({});
  const secrets: WebhookSecrets = { ...first };
  gateway.secrets = secrets;
  const client = () =>
    createEngageClient(checkedSettings(setupSettings(inputFor(sim, gateway.url), secrets)), {
      timeBudgetMs: 30_000,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
  return {
    client,
    secrets,
    async run(options: Partial<SetupOptions> = {}) {
      const result = await runSetup(client(), {
        apply: false,
        agents: [sim.defaults.agentUserId, sim.defaults.secondAgentUserId],
        webhookUrl: webhookUrlFor(gateway.url),
        secrets,
        names: DEFAULT_CATEGORY_NAMES,
        identities: handoverIdentities(),
        probeGateway: gatewayProbe(),
        outFile: "gateway.json",
        ...base,
        ...options,
      });
      // From now on the secrets are "known": the run wrote them to the file.
      if (result.mode === "apply") secrets.known = true;
      await sim.settle();
      return result;
    },
  };
}

/** "status what" per item, for compact assertions. */
export function summary(result: SetupResult): string[] {
  return result.items.map((i) => `${i.status} ${i.step} ${i.what}`);
}
