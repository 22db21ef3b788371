/**
 * How the command-line tools take their input, the same way as the gateway (src/options/file.ts,
 * src/options/read.ts): a JSON file (`--config file.json`, or the file as the only argument) under
 * the connection's field names, or else the RCE_* environment variables. Every problem is reported
 * at once, each naming the key as the user wrote it (file key or environment variable).
 */
import {
  type EngageSettings,
  readWithSettings,
  SETTING_ENV_NAMES,
  SETTING_FIELDS,
  SETTINGS_AS_GIVEN,
} from "../src/engage/settings";
import { GATEWAY_OPTIONS } from "../src/gateway/options";
import { type Flags, InputError, parseCommandLine as parseArgv, readJsonObject } from "../src/options/file";
import { type Environment, type OptionSources, problemsMessage } from "../src/options/read";

export class CannotRun extends Error {}

/** Parses argv: `--config <file>` or one positional file, plus the tool's own flags and --help. */
export function parseCommandLine<F extends Flags = Record<never, never>>(argv: readonly string[], flags?: F) {
  try {
    return parseArgv(argv, flags);
  } catch (error) {
    if (error instanceof InputError) throw new CannotRun(`${capitalised(error.message)}.`);
    throw error;
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, "");
}

/** What a missing file's message adds: the example to copy (at the repository's root). */
export function copyExampleHint(example: string): string {
  return ` Copy ${example} (next to package.json) to that name and replace every <…> placeholder, or give the environment variables instead (see --help).`;
}

/** The object in a JSON file; errors name the file and where, never its content (it holds tokens). */
export function settingsFromFile(file: string, missingHint = ""): Record<string, unknown> {
  try {
    return readJsonObject(file, missingHint);
  } catch (error) {
    if (error instanceof InputError) throw new CannotRun(`${capitalised(error.message)}.`);
    throw error;
  }
}

/** The file's object when a file was given, else the environment. */
export function sourcesFrom(file: string | undefined, env: Environment, missingHint = ""): OptionSources {
  return file ? { file: settingsFromFile(file, missingHint) } : { env };
}

/**
 * The seven settings, checked (every problem at once, named as written). A gateway file can be given
 * too: its own keys are known and left alone. Weak secrets are left to the setup check's webhook line.
 */
export function connectionFrom(sources: OptionSources): EngageSettings {
  const { settings, problems } = readWithSettings(SETTINGS_AS_GIVEN, sources, {
    alsoKnown: Object.keys(GATEWAY_OPTIONS),
    allowWeakSecrets: true,
  });
  if (!settings) throw new CannotRun(problemsMessage("The settings", problems));
  return settings;
}

/** How to give the settings, for --help and for a run with none given. */
export const HOW_TO_GIVE_SETTINGS = `The seven settings come from a JSON file with the connection's field names (${SETTING_FIELDS.map((f) => f.fieldName).join(", ")}), or, without a file, from the environment: ${SETTING_FIELDS.map((f) => SETTING_ENV_NAMES[f.fieldName]).join(", ")}.`;
