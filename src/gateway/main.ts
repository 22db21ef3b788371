/**
 * `npm run gateway [-- --config gateway.json]`: starts the gateway from a config file or the
 * environment, and stops gracefully on SIGTERM / SIGINT (requests in flight may finish).
 */
import { isEngageError } from "../engage/errors";
import { loadGatewayConfig } from "./config";
import { startGateway } from "./server";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadGatewayConfig>;
  try {
    config = loadGatewayConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`gateway: ${isEngageError(error) ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const gateway = await startGateway(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: "info", event: "gateway_stopping", signal })}\n`,
    );
    gateway.close().then(() => process.exit(0));
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
