export { type GatewayConfig, loadGatewayConfig, parseGatewayConfig } from "./config";
export { type Gateway, type GatewayOptions, MAX_BODY_BYTES, startGateway } from "./server";
