/**
 * The one way a layer gets its validators: it calls `validatorsOf` with its schema set
 * (<layer>/schemas.ts) and exports the result as `validatorFor`.
 *
 * Run from source (tests, the gateway in development) the set is compiled with ajv on first use. In the
 * built files scripts/bundle.js puts ajv "standalone" code precompiled from the caller's set in place
 * of this module, for each module that imports it: the bundles carry no ajv compiler and build no code
 * from strings (Cognigy's sandbox may forbid that), and each carries only the sets its code uses.
 */
import type { SchemaObject } from "ajv";
import { compileSchemas } from "./compile";
import { type Validator, validatorsFrom } from "./validate";

export function validatorsOf<Set extends Readonly<Record<string, SchemaObject>>>(
  schemas: Set,
): <T>(name: keyof Set & string) => Validator<T> {
  const compiled = compileSchemas(schemas);
  return validatorsFrom<keyof Set & string>(() => compiled);
}
