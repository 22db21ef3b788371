/**
 * The nodes' validators, from ./schemas. Run from source this module compiles them on first use; in
 * the bundle scripts/bundle.js puts precompiled code in its place (same exports).
 */
import { compileSchemas } from "../../validation/compile";
import { validatorsFrom } from "../../validation/validate";
import { NODE_SCHEMAS, type NodeSchemaName } from "./schemas";

const compiled = compileSchemas(NODE_SCHEMAS);
export const validatorFor = validatorsFrom<NodeSchemaName>(() => compiled);
