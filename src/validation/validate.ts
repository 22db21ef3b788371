/**
 * The validator lookup over one compiled set (compiled from source by ./compile, or precompiled in the
 * bundle): ./validators hands it the set, and scripts/bundle.js's replacement of ./validators too.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import type { CompiledSchemas } from "./compile";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };
export type Validator<T> = (data: unknown) => ValidationResult<T>;

/** `validatorFor<T>(name)` over one compiled set; nothing is compiled or loaded until a validator first runs. */
export function validatorsFrom<Name extends string>(
  compiled: () => CompiledSchemas,
): <T>(name: Name) => Validator<T> {
  return <T>(name: Name): Validator<T> => {
    let fn: ValidateFunction | undefined;
    return (data) => {
      if (!fn) {
        fn = compiled().getValidateFunction(name);
        if (!fn) throw new Error(`no schema named ${name}`);
      }
      if (fn(data)) return { ok: true, value: data as T };
      return { ok: false, problems: formatProblems(fn.errors ?? []) };
    };
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
