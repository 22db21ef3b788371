/**
 * The profile mapper's validators, from ./schemas. Run from source this module compiles them on first
 * use; in the bundle scripts/bundle.js puts precompiled code in its place (same exports).
 */
import { compileSchemas } from "../validation/compile";
import { validatorsFrom } from "../validation/validate";
import { PROFILE_SCHEMAS, type ProfileSchemaName } from "./schemas";

const compiled = compileSchemas(PROFILE_SCHEMAS);
export const validatorFor = validatorsFrom<ProfileSchemaName>(() => compiled);
