/**
 * ajv, compiled lazily: a Cognigy execution that never validates a given shape never pays for
 * compiling it, and requiring the built module stays cheap.
 */
import type { default as AjvClass, ErrorObject, SchemaObject, ValidateFunction } from "ajv";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };
export type Validator<T> = (data: unknown) => ValidationResult<T>;

let sharedAjv: AjvClass | undefined;

function getAjv(): AjvClass {
  if (!sharedAjv) {
    // A require inside the function keeps ajv out of module start-up in the bundle.
    const { default: Ajv } = require("ajv") as typeof import("ajv");
    sharedAjv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  }
  return sharedAjv;
}

/** Returns a validator that compiles `schema` on first use and reuses it afterwards. */
export function lazyValidator<T>(schema: SchemaObject): Validator<T> {
  let compiled: ValidateFunction | undefined;
  return (data) => {
    if (!compiled) compiled = getAjv().compile(schema);
    if (compiled(data)) return { ok: true, value: data as T };
    return { ok: false, problems: formatProblems(compiled.errors ?? []) };
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
