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
  /** The table's key, or an unknown key as the message shows it (quoted, or "a value that holds a secret"). */
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

/** Shorter secrets are not looked for in quoted text: they would match ordinary values. */
const MIN_SECRET_LENGTH = 6;

type Quote = (text: string) => string;

/** Quotes what the user wrote, unless it holds one of the secrets given (pasted under the wrong key). */
function quoterFor(secrets: readonly string[]): Quote {
  const long = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  return (text) => {
    const holdsSecret = long.some(
      (secret) => text.includes(secret) || (text.length >= MIN_SECRET_LENGTH && secret.includes(text)),
    );
    if (holdsSecret) return "a value that holds a secret (not shown)";
    return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
  };
}

/** The secrets given for a table's secret rows, in the file or the environment. */
function givenSecrets(
  table: OptionTable,
  file: Readonly<Record<string, unknown>>,
  env: Environment,
): string[] {
  const secrets: string[] = [];
  for (const [key, row] of Object.entries(table)) {
    if (!row.secret) continue;
    for (const value of [file[key], env[row.env], ...(row.envAliases ?? []).map((name) => env[name])])
      if (typeof value === "string" && value.trim()) secrets.push(value.trim());
  }
  return secrets;
}

/** Environment text to the row's type; text that does not convert stays text (and fails the check). */
function fromEnvironment(row: OptionRow, text: string): unknown {
  if (row.kind === "integer" && /^[+-]?\d+$/.test(text.trim())) return Number(text.trim());
  if (row.kind === "boolean" && /^(true|false)$/i.test(text.trim()))
    return text.trim().toLowerCase() === "true";
  if (row.kind === "list")
    return text
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
  return text;
}

function describeGiven(row: OptionRow, value: unknown, quote: Quote): string {
  if (row.secret) return typeof value === "string" ? "text" : typeof value;
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? "a list" : value === null ? "null" : typeof value;
}

/** What is wrong with a value for a row, worded to follow the key's name; undefined when fine. */
function valueProblem(
  row: OptionRow,
  value: unknown,
  allowWeakSecrets: boolean,
  quote: Quote,
): string | undefined {
  const wrong = () => `must be ${formOf(row)}, not ${describeGiven(row, value, quote)}`;
  switch (row.kind) {
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value) || value < row.min || value > row.max)
        return wrong();
      return row.check?.(value);
    case "boolean":
      return typeof value === "boolean" ? row.check?.(value) : wrong();
    case "choice":
      return typeof value === "string" && row.values.includes(value) ? row.check?.(value) : wrong();
    case "list": {
      if (!Array.isArray(value) || value.length > row.maxItems) return wrong();
      const pattern = row.itemPattern === undefined ? undefined : new RegExp(row.itemPattern, "u");
      const bad = value.filter((item) => typeof item !== "string" || (pattern && !pattern.test(item)));
      if (bad.length > 0)
        return `must be ${formOf(row)}; not ${bad
          .slice(0, 3)
          .map((item) => describeGiven(row, item, quote))
          .join(", ")}`;
      return row.check?.(value);
    }
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
  const quote = quoterFor(givenSecrets(table, file, env));
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
    // The key as shown, not as written: a secret pasted as a key must not travel in the problem either.
    problems.push({
      key: quote(key),
      message: `unknown key ${quote(key)}${near ? ` (did you mean "${near}"?)` : ""}`,
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
    const problem = valueProblem(row, value, options.allowWeakSecrets ?? false, quote);
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
