/**
 * The RCE simulator, a fake Cognigy endpoint and the real gateway, wired as an admin would: the
 * source's Base URI and the webhook URL point at the gateway, with the same secret and token.
 */
import { parseGatewayConfig } from "../../src/gateway/config";
import { silentLogger } from "../../src/gateway/log";
import { type Gateway, type GatewayOptions, startGateway } from "../../src/gateway/server";
import type { SimulatorOptions } from "../simulator";
import { startWorld, type World } from "./e2e";
import { type FakeCognigy, startFakeCognigy } from "./fakeCognigy";

export interface GatewayWorld {
  world: World;
  cognigy: FakeCognigy;
  gateway: Gateway;
  verifyToken: string;
  close(): Promise<void>;
}

export async function startGatewayWorld(
  options: GatewayOptions & {
    verifyToken?: string;
    simulator?: SimulatorOptions;
    gatewayConfig?: Record<string, unknown>;
  } = {},
): Promise<GatewayWorld> {
  const { verifyToken = "verify-token-for-tests", simulator, gatewayConfig, ...gatewayOptions } = options;
  const world = await startWorld(simulator);
  const cognigy = await startFakeCognigy();
  const config = parseGatewayConfig({
    ...world.connection,
    verifyToken,
    cognigyEndpointUrl: cognigy.url,
    host: "127.0.0.1",
    port: 0,
    ...gatewayConfig,
  });
  const gateway = await startGateway(config, { log: silentLogger, ...gatewayOptions });
  world.sim.configureBaseUri(gateway.url);
  // The admin saves the source (setup step 3): RCE asks the gateway what it implements, and sends
  // nothing else to it until that answer was accepted.
  const info = await world.sim.pushImplementationInfo();
  if (!info.accepted) {
    await Promise.all([gateway.close(100), cognigy.close(), world.close()]);
    throw new Error(`RCE refused the gateway's implementation.info: ${info.problems.join("; ")}`);
  }
  world.sim.configureWebhook(gateway.url, { secret: world.connection.webhookSecret, verifyToken });
  return {
    world,
    cognigy,
    gateway,
    verifyToken,
    close: async () => {
      await gateway.close(100);
      await cognigy.close();
      await world.close();
    },
  };
}
