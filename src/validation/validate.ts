/**
 * ajv validation by schema name (registry.ts). Validators come from ./compiledValidators: compiled on first use
 * when running from source, precompiled in the bundle.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import type { SchemaName } from "./registry";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };
export type Validator<T> = (data: unknown) => ValidationResult<T>;

type CompiledModule = { getValidateFunction(name: SchemaName): ValidateFunction };

/** Returns a validator for a registered schema; nothing is loaded until it first runs. */
export function validatorFor<T>(name: SchemaName): Validator<T> {
  let fn: ValidateFunction | undefined;
  return (data) => {
    if (!fn) fn = (require("./compiledValidators") as CompiledModule).getValidateFunction(name);
    if (fn(data)) return { ok: true, value: data as T };
    return { ok: false, problems: formatProblems(fn.errors ?? []) };
  };
}

/** "/records/0/id" -> "records[0].id" */
export function toPath(instancePath: string): string {
  if (!instancePath) return "";
  return instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

export function formatProblems(errors: readonly ErrorObject[], root = "body"): string[] {
  const problems = errors.map((error) => {
    const base = toPath(error.instancePath);
    if (error.keyword === "required") {
      const missing = String((error.params as { missingProperty?: string }).missingProperty ?? "");
      return `${base ? `${base}.` : ""}${missing} is missing`;
    }
    return `${base || root} ${error.message ?? "is invalid"}`;
  });
  return [...new Set(problems)];
}
