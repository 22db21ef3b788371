/**
 * Run-time compilation of one layer's schemas, used when the code runs from source (tests, the
 * gateway in development). The bundle puts precompiled code in place of each layer's validators
 * module instead (scripts/bundle.js), so the shipped extension carries no ajv compiler and builds no
 * code from strings.
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
