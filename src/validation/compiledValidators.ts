/**
 * Run-time compilation, used when the code runs from source (tests, gateway in development).
 * The bundle replaces this module with precompiled validators generated from the same registry.
 */
import type { ValidateFunction } from "ajv";
import { AJV_OPTIONS, SCHEMAS, type SchemaName } from "./registry";

const compiled = new Map<SchemaName, ValidateFunction>();
let ajv: import("ajv").default | undefined;

export function getValidateFunction(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    if (!ajv) {
      const { default: Ajv } = require("ajv") as typeof import("ajv");
      ajv = new Ajv(AJV_OPTIONS);
      // Registered by name, so `{$ref: "thread"}` in list schemas resolves as in the bundle.
      for (const [key, schema] of Object.entries(SCHEMAS)) ajv.addSchema(schema, key);
    }
    fn = ajv.getSchema(name);
    if (!fn) throw new Error(`no schema named ${name}`);
    compiled.set(name, fn);
  }
  return fn;
}
