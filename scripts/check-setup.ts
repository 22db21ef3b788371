/**
 * The "Check RCE Setup" node from the command line, for admins without a Flow at hand:
 *
 *   npm run check-setup -- [--config settings.json | settings.json]
 *
 * The seven connection settings come from the JSON file (same field names as the connection) or,
 * without a file, from the RCE_* environment variables (scripts/settingsInput.ts). Prints the same
 * lines as the node. Exit code: 0 all checks passed, 1 a check failed, 2 the check could not run
 * (settings missing or invalid). No token or secret is ever printed.
 */
import { createEngageClient } from "../src/engage/client";
import { toEngageError } from "../src/engage/errors";
import type { Redactor } from "../src/engage/redact";
import { redactorFor, SETTING_ENV_NAMES } from "../src/engage/settings";
import { checkSetup } from "../src/nodes/checkSetup/checkSetup";
import { formatReport } from "../src/nodes/checkSetup/report";
import {
  CannotRun,
  connectionFrom,
  copyExampleHint,
  HOW_TO_GIVE_SETTINGS,
  parseCommandLine,
  sourcesFrom,
} from "./settingsInput";

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_CANNOT_RUN = 2;

/** The example input file, at the repository's root. */
export const EXAMPLE = "check-setup.example.json";

const USAGE = `Usage: npm run check-setup -- [--config settings.json | settings.json]\n${HOW_TO_GIVE_SETTINGS} An example file: ${EXAMPLE} (copy it and replace every <…> placeholder).\nExit code: 0 every check passed, 1 a check failed, 2 the check could not run.\n`;

function noneGiven(env: NodeJS.ProcessEnv): boolean {
  return Object.values(SETTING_ENV_NAMES).every((name) => !env[name]);
}

function connectionOf(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(SETTING_ENV_NAMES).map(([key, name]) => [key, env[name]]));
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let redact: Redactor = (text) => text;
  try {
    const { values, file } = parseCommandLine(argv);
    if (values.help) {
      process.stdout.write(USAGE);
      return EXIT_PASSED;
    }
    if (!file && noneGiven(env))
      throw new CannotRun(`No settings given. ${HOW_TO_GIVE_SETTINGS} See --help.`);
    const sources = sourcesFrom(file, env, copyExampleHint(EXAMPLE));
    redact = redactorFor(sources.file ?? connectionOf(env));
    const client = createEngageClient(connectionFrom(sources));
    redact = client.redact;
    const report = await checkSetup(client);
    process.stdout.write(`${redact(formatReport(report))}\n`);
    return report.status === "passed" ? EXIT_PASSED : EXIT_FAILED;
  } catch (thrown) {
    const message =
      thrown instanceof CannotRun ? thrown.message : toEngageError(thrown, "check the setup").message;
    process.stderr.write(`Cannot check the RCE setup: ${redact(message)}\n`);
    return EXIT_CANNOT_RUN;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
