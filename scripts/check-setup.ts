/**
 * The "Check RCE Setup" node from the command line, for admins without a Flow at hand:
 *
 *   tsx scripts/check-setup.ts [settings.json]
 *
 * The seven connection settings come from the JSON file (same field names as the connection) or,
 * without a file, from RCE_API_ACCESS_TOKEN, RCE_BOT_CATEGORY_ID, RCE_AGENT_CATEGORY_ID,
 * RCE_REALTIME_ACCESS_TOKEN, RCE_REALTIME_ENDPOINT_URL, RCE_WEBHOOK_SECRET, RCE_BASE_API_URL.
 * Prints the same lines as the node. Exit code: 0 all checks passed, 1 a check failed, 2 the check
 * could not run (settings missing or invalid). No token or secret is ever printed.
 */
import fs from "node:fs";
import { createEngageClient } from "../src/engage/client";
import { toEngageError } from "../src/engage/errors";
import type { Redactor } from "../src/engage/redact";
import { type RawConnection, redactorFor, SETTING_ENV_NAMES, SETTING_FIELDS } from "../src/engage/settings";
import { checkSetup } from "../src/nodes/checkSetup/checkSetup";
import { formatReport } from "../src/nodes/checkSetup/report";

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_CANNOT_RUN = 2;

class CannotRun extends Error {}

function fromFile(file: string): RawConnection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    // Neither the file's text nor the parser's message is shown: either may quote a token.
    const why = (error as NodeJS.ErrnoException).code ?? "not valid JSON";
    throw new CannotRun(`Cannot read the settings file ${file} (${why}).`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new CannotRun(`The settings file ${file} must hold one JSON object with the seven settings.`);
  }
  const source = parsed as Record<string, unknown>;
  return Object.fromEntries(SETTING_FIELDS.map(({ fieldName }) => [fieldName, source[fieldName]]));
}

function fromEnvironment(env: NodeJS.ProcessEnv): RawConnection {
  return Object.fromEntries(
    SETTING_FIELDS.map(({ fieldName }) => [fieldName, env[SETTING_ENV_NAMES[fieldName]]]),
  );
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let redact: Redactor = (text) => text;
  try {
    const file = argv[0];
    if (file === "--help" || file === "-h") {
      process.stdout.write(
        `Usage: tsx scripts/check-setup.ts [settings.json]\nWithout a file the settings come from ${Object.values(SETTING_ENV_NAMES).join(", ")}.\n`,
      );
      return EXIT_PASSED;
    }
    const raw = file ? fromFile(file) : fromEnvironment(env);
    redact = redactorFor(raw);
    const client = createEngageClient(raw);
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
