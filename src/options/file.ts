/**
 * The command line and the JSON file every tool takes the same way (the gateway, check-setup,
 * setup-rce): `--config <file>` or the file alone, plus the tool's own flags. Errors name the file
 * and where, never its content (it holds tokens).
 */
import fs from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";

/** The command line or the file cannot be used; the message says why and never quotes the file. */
export class InputError extends Error {}

export type Flags = NonNullable<ParseArgsConfig["options"]>;

const COMMON = { config: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

/**
 * Parses argv with Node's own parser, so an unknown flag is refused with its name. `--help` is
 * taken only when the tool has a help text to print.
 */
export function parseCommandLine<F extends Flags = Record<never, never>>(
  argv: readonly string[],
  flags?: F,
  withHelp = true,
) {
  try {
    const common = withHelp ? COMMON : { config: COMMON.config };
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...common, ...flags } as typeof COMMON & F,
      allowPositionals: true,
      strict: true,
    });
    const config = (values as { config?: string }).config;
    if (positionals.length > 1 || (positionals.length === 1 && config))
      throw new InputError("give one configuration file: --config file.json (or file.json alone)");
    return { values, file: config ?? positionals[0] };
  } catch (error) {
    if (error instanceof InputError) throw error;
    // parseArgs names the flag it did not expect; nothing here is a secret.
    const message = (error as Error).message.replace(/\.$/, "");
    throw new InputError(withHelp ? `${message}. See --help` : message);
  }
}

/** Line and column of a JSON syntax error, when the parser says where; never the file's text. */
function wherePosition(text: string, error: unknown): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : "");
  if (!match) return "";
  const before = text.slice(0, Number(match[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return ` at line ${line}, column ${column} (character ${match[1]})`;
}

/** The JSON object in a file (a UTF-8 byte order mark before it is allowed). */
export function readJsonObject(file: string, missingHint = ""): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new InputError(`cannot read the file ${file} (${code}).${code === "ENOENT" ? missingHint : ""}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the file ${file} is not valid JSON${wherePosition(text, error)}.`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    const what = Array.isArray(parsed) ? "a list" : parsed === null ? "null" : `a ${typeof parsed}`;
    throw new InputError(`the file ${file} must be an object ({"key": value, …}), not ${what}.`);
  }
  return parsed as Record<string, unknown>;
}
