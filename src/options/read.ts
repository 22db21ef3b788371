/**
 * Reads one table's options from a file's object and the environment (the file wins), and reports
 * every problem at once, each naming the key as the user wrote it: the file key, or the environment
 * variable when the value came from there. No message quotes a secret.
 */
import { isPlaceholder, PLACEHOLDER_FIX, weakSecretProblem } from "./secrets";
import { nearestKey } from "./suggest";
import { formOf, type OptionRow, type OptionTable } from "./table";

export type Environment = Readonly<Record<string, string | undefined>>;

export interface OptionSources {
  /** The file's object, keys as written. */
  file?: Readonly<Record<string, unknown>>;
  env?: Environment;
}

export interface OptionProblem {
  /** The table's key, or the unknown key as written. */
  key: string;
  message: string;
}

export interface ReadResult {
  /** Every row's value as given (converted from the environment's text), defaults filled in. */
  values: Record<string, unknown>;
  problems: OptionProblem[];
  /** How the user wrote a key: "webhookSecret" or "RCE_WEBHOOK_SECRET", with the other form after it. */
  nameOf(key: string): string;
}

export interface ReadOptions {
  /** Keys another program reads from the same file: neither used nor refused here. */
  alsoKnown?: readonly string[];
  /** Leave weak secrets to a later check that reports them itself (Check RCE Setup's webhook line). */
  allowWeakSecrets?: boolean;
}

const MAX_QUOTED = 60;

function quoted(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/** Environment text to the row's type; text that does not convert stays text (and fails the check). */
function fromEnvironment(row: OptionRow, text: string): unknown {
  if (row.kind === "integer" && /^[+-]?\d+$/.test(text.trim())) return Number(text.trim());
  if (row.kind === "boolean" && /^(true|false)$/i.test(text.trim()))
    return text.trim().toLowerCase() === "true";
  return text;
}

function describeGiven(row: OptionRow, value: unknown): string {
  if (row.secret) return typeof value === "string" ? "text" : typeof value;
  if (typeof value === "string") return quoted(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? "a list" : value === null ? "null" : typeof value;
}

/** What is wrong with a value for a row, worded to follow the key's name; undefined when fine. */
export function valueProblem(row: OptionRow, value: unknown, allowWeakSecrets = false): string | undefined {
  const wrong = () => `must be ${formOf(row)}, not ${describeGiven(row, value)}`;
  switch (row.kind) {
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value) || value < row.min || value > row.max)
        return wrong();
      return row.check?.(value);
    case "boolean":
      return typeof value === "boolean" ? row.check?.(value) : wrong();
    case "choice":
      return typeof value === "string" && row.values.includes(value) ? row.check?.(value) : wrong();
    case "text": {
      if (typeof value !== "string") return wrong();
      if (isPlaceholder(value)) return `is still a placeholder: ${PLACEHOLDER_FIX}`;
      if (row.secret && !row.issued && !allowWeakSecrets) {
        const weak = weakSecretProblem(value);
        if (weak) return weak;
      }
      const tooShort = row.minLength !== undefined && value.length < row.minLength;
      const tooLong = row.maxLength !== undefined && value.length > row.maxLength;
      const unlike = row.pattern !== undefined && !new RegExp(row.pattern, "u").test(value);
      if (tooShort || tooLong || unlike) return `must be ${formOf(row)}`;
      return row.check?.(value);
    }
  }
}

export function readOptions(
  table: OptionTable,
  sources: OptionSources,
  options: ReadOptions = {},
): ReadResult {
  const file = sources.file ?? {};
  const env = sources.env ?? {};
  const fromEnv = new Map<string, string>();
  const values: Record<string, unknown> = {};
  const problems: OptionProblem[] = [];

  const nameOf = (key: string): string => {
    const row = table[key];
    if (!row) return key;
    const variable = fromEnv.get(key);
    return variable ? `${variable} (file key ${key})` : `${key} (environment ${row.env})`;
  };

  const known = [...Object.keys(table), ...(options.alsoKnown ?? [])];
  for (const key of Object.keys(file)) {
    if (Object.hasOwn(table, key) || known.includes(key) || key === "$schema") continue;
    const near = nearestKey(key, known);
    problems.push({
      key,
      message: `unknown key ${quoted(key)}${near ? ` (did you mean "${near}"?)` : ""}`,
    });
  }

  for (const [key, row] of Object.entries(table)) {
    let value: unknown = file[key];
    if (value === undefined) {
      const variable = [row.env, ...(row.envAliases ?? [])].find(
        (name) => env[name] !== undefined && env[name] !== "",
      );
      if (variable) {
        fromEnv.set(key, variable);
        value = fromEnvironment(row, env[variable] as string);
      }
    }
    if (value === undefined || (row.required && value === "")) {
      if (row.required) problems.push({ key, message: `${key} is missing (environment ${row.env})` });
      else if (row.default !== undefined) values[key] = row.default;
      continue;
    }
    const problem = valueProblem(row, value, options.allowWeakSecrets);
    if (problem) problems.push({ key, message: `${nameOf(key)} ${problem}` });
    else values[key] = row.normalise ? (row.normalise as (v: unknown) => unknown)(value) : value;
  }
  return { values, problems, nameOf };
}

/** The problems as one message: "<what>: <the one problem>." or "<what> has N problems: - …". */
export function problemsMessage(what: string, problems: readonly OptionProblem[]): string {
  if (problems.length === 1) return `${what}: ${problems[0].message}.`;
  return `${what} has ${problems.length} problems:\n${problems.map((p) => `  - ${p.message}.`).join("\n")}`;
}
