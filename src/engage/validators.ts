/**
 * The Engage client's validators, from ./schemas. Run from source this module compiles them on first
 * use; in the bundle scripts/bundle.js puts precompiled code in its place (same exports).
 */
import { compileSchemas } from "../validation/compile";
import { validatorsFrom } from "../validation/validate";
import { ENGAGE_SCHEMAS, type EngageSchemaName } from "./schemas";

const compiled = compileSchemas(ENGAGE_SCHEMAS);
export const validatorFor = validatorsFrom<EngageSchemaName>(() => compiled);
