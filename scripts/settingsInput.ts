/**
 * How the command-line tools take the seven connection settings and their flags, the same way for
 * every tool: a JSON file (`--config file.json`, or the file as the only argument) under the
 * connection's field names, or else the RCE_* environment variables. Arguments are parsed with
 * Node's own parser (node:util parseArgs), so unknown flags are refused with their name.
 */
import fs from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { type RawConnection, SETTING_ENV_NAMES, SETTING_FIELDS } from "../src/engage/settings";

export class CannotRun extends Error {}

export type Flags = NonNullable<ParseArgsConfig["options"]>;

const COMMON = { config: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

/** Parses argv: `--config <file>` or one positional file, plus the tool's own flags and --help. */
export function parseCommandLine<F extends Flags = Record<never, never>>(argv: readonly string[], flags?: F) {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...COMMON, ...flags } as typeof COMMON & F,
      allowPositionals: true,
      strict: true,
    });
    const config = (values as { config?: string }).config;
    if (positionals.length > 1 || (positionals.length === 1 && config)) {
      throw new CannotRun("Give one settings file: --config settings.json (or settings.json alone).");
    }
    return { values, file: config ?? positionals[0] };
  } catch (error) {
    if (error instanceof CannotRun) throw error;
    // parseArgs names the flag it did not expect; nothing here is a secret.
    throw new CannotRun(`${(error as Error).message}. See --help.`);
  }
}

/** Line and column of a JSON syntax error, when the parser says where; never the file's text. */
function wherePosition(text: string, error: unknown): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : "");
  if (!match) return "";
  const before = text.slice(0, Number(match[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return ` at line ${line}, column ${column}`;
}

/** The settings from a JSON file; errors name the file and where, never its content (it holds tokens). */
export function settingsFromFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CannotRun(`Cannot read the settings file ${file} (${(error as NodeJS.ErrnoException).code}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CannotRun(`The settings file ${file} is not valid JSON${wherePosition(text, error)}.`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new CannotRun(`The settings file ${file} must hold one JSON object with the seven settings.`);
  }
  return parsed as Record<string, unknown>;
}

export function connectionFrom(source: Record<string, unknown>): RawConnection {
  return Object.fromEntries(SETTING_FIELDS.map(({ fieldName }) => [fieldName, source[fieldName]]));
}

export function connectionFromEnvironment(env: NodeJS.ProcessEnv): RawConnection {
  return Object.fromEntries(
    SETTING_FIELDS.map(({ fieldName }) => [fieldName, env[SETTING_ENV_NAMES[fieldName]]]),
  );
}

/** How to give the settings, for --help and for a run with none given. */
export const HOW_TO_GIVE_SETTINGS = `The seven settings come from a JSON file with the connection's field names (${SETTING_FIELDS.map((f) => f.fieldName).join(", ")}), or, without a file, from the environment: ${SETTING_FIELDS.map((f) => SETTING_ENV_NAMES[f.fieldName]).join(", ")}.`;
