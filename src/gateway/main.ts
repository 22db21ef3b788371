/**
 * `node dist/gateway.js [--config gateway.json]` (`--help`: usage): starts the gateway from a config file or the
 * environment. Built into one file with everything inside, so production needs Node and that file
 * only. On SIGTERM / SIGINT it drains: /ready answers 503, requests in flight may finish, then exit.
 */
import { isEngageError } from "../engage/errors";
import { redactorFor } from "../engage/settings";
import {
  describeGatewayConfig,
  type GatewayConfig,
  gatewaySecrets,
  gatewayUsage,
  loadGatewayConfig,
  wantsHelp,
} from "./config";
import { jsonLogger } from "./log";
import { startGateway } from "./server";

async function main(): Promise<void> {
  if (wantsHelp(process.argv.slice(2))) {
    process.stdout.write(gatewayUsage());
    process.exit(0);
  }
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`gateway: ${isEngageError(error) ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const log = jsonLogger(redactorFor(config.settings, ...gatewaySecrets(config)), config.logLevel);
  log("info", "gateway_config", describeGatewayConfig(config));
  const gateway = await startGateway(config, { log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "gateway_stopping", { signal, drainMs: config.drainMs, notReadyMs: config.notReadyMs });
    gateway.close(config.drainMs, config.notReadyMs).then(
      async () => {
        log("info", "gateway_stopped", { signal });
        // The log is written asynchronously: its last lines go out before the process does.
        await log.flush(2000);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
