/**
 * The gateway's validators, from ./schemas. Run from source this module compiles them on first use;
 * in the built file scripts/bundle.js puts precompiled code in its place (same exports).
 */
import { compileSchemas } from "../validation/compile";
import { validatorsFrom } from "../validation/validate";
import { GATEWAY_SCHEMAS, type GatewaySchemaName } from "./schemas";

const compiled = compileSchemas(GATEWAY_SCHEMAS);
export const validatorFor = validatorsFrom<GatewaySchemaName>(() => compiled);
