/**
 * Run-time compilation of one schema set, used by ./validators when the code runs from source (tests,
 * the gateway in development). The built files never contain it: scripts/bundle.js replaces
 * ./validators with precompiled code, so they carry no ajv compiler and build no code from strings.
 */
import type { SchemaObject, ValidateFunction } from "ajv";

/** Options shared by this compiler and the build-time one (scripts/bundle.js). */
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  inlineRefs: false,
} as const;

export interface CompiledSchemas {
  getValidateFunction(name: string): ValidateFunction | undefined;
}

/** Compiles on first use; schemas refer to each other by name ({$ref: "thread"}) within the set. */
export function compileSchemas(schemas: Readonly<Record<string, SchemaObject>>): CompiledSchemas {
  let ajv: import("ajv").default | undefined;
  return {
    getValidateFunction(name) {
      if (!ajv) {
        const { default: Ajv } = require("ajv") as typeof import("ajv");
        ajv = new Ajv(AJV_OPTIONS);
        for (const [key, schema] of Object.entries(schemas)) ajv.addSchema(schema, key);
      }
      return ajv.getSchema(name);
    },
  };
}
