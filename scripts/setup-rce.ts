/**
 * The setup steps RCE's API can do, done for the admin (README "Setting it up"):
 *
 *   tsx scripts/setup-rce.ts [settings.json] [--gateway-url URL] [--agents id1,id2] [--apply]
 *                            [--out gateway.json] [--show-secrets]
 *
 * Input, from a JSON file (--config file, or the file alone) or else the environment:
 * apiAccessToken / RCE_API_ACCESS_TOKEN, realtimeEndpointUrl / RCE_REALTIME_ENDPOINT_URL,
 * realtimeAccessToken / RCE_REALTIME_ACCESS_TOKEN, gatewayUrl / GATEWAY_PUBLIC_URL (or --gateway-url),
 * and baseApiUrl / RCE_BASE_API_URL where it cannot be derived. Without --apply it only shows the plan.
 * Exit code: 0 plan shown or all done; 1 something failed (the rest was done), or after --apply a step
 * is still waiting or the closing setup check (with this gateway's webhook) reports a fail; 2 cannot run.
 * No token or secret is printed unless --show-secrets.
 */
import path from "node:path";
import { createEngageClient } from "../src/engage/client";
import { toEngageError } from "../src/engage/errors";
import { handoverIdentities } from "../src/engage/identities";
import type { Redactor } from "../src/engage/redact";
import { redactorFor } from "../src/engage/settings";
import { GATEWAY_FILE_OPTIONS } from "../src/gateway/config";
import { checkSetup } from "../src/nodes/checkSetup/checkSetup";
import {
  cannotCheck,
  fail,
  formatReport,
  pass,
  type SetupCheck,
  type SetupReport,
  summarise,
} from "../src/nodes/checkSetup/report";
import { type OptionProblem, type OptionSources, problemsMessage, readOptions } from "../src/options/read";
import { checkWebhookForGateway, type WebhookVerdict } from "../src/setup/closing";
import {
  SETUP_INPUT_OPTIONS,
  type SetupRawInput,
  setupSettings,
  webhookSecrets,
  webhookUrlFor,
} from "../src/setup/input";
import {
  connectionValues,
  formatResult,
  formatValues,
  gatewayConfig,
  manualSteps,
  readPrevious,
  writePrivateJson,
} from "../src/setup/output";
import { gatewayProbe } from "../src/setup/probe";
import { exitCodeOf, runSetup } from "../src/setup/setup";
import { DEFAULT_CATEGORY_NAMES } from "../src/setup/types";
import { CannotRun, copyExampleHint, parseCommandLine, sourcesFrom } from "./settingsInput";

const FLAGS = {
  apply: { type: "boolean" },
  agents: { type: "string" },
  "gateway-url": { type: "string" },
  out: { type: "string" },
  "show-secrets": { type: "boolean" },
} as const;

export const EXIT_OK = 0;
export const EXIT_PARTIAL = 1;
export const EXIT_CANNOT_RUN = 2;

/** The whole run's RCE requests share this budget (a few dozen requests). */
const SETUP_BUDGET_MS = 120_000;
const DEFAULT_OUT = "gateway.json";
/** The example input file, at the repository's root. */
export const EXAMPLE = "setup-rce.example.json";

const ENV = Object.fromEntries(
  Object.entries(SETUP_INPUT_OPTIONS).map(([key, row]) => [key, row.env]),
) as Record<keyof typeof SETUP_INPUT_OPTIONS, string>;

const INPUT_LINES = Object.entries(SETUP_INPUT_OPTIONS)
  .map(([key, row]) => `  ${key.padEnd(20)} ${row.env.padEnd(26)} ${row.help.replace(/`/g, "")}`)
  .join("\n");

const USAGE = `Usage: npm run setup-rce -- [settings.json | --config settings.json] [options]

Does the RCE setup steps its API can do: categories Cognigy > Bot and Agent (step 2), the SDK
source's default category (step 3), read and reply for the agents named (step 4), the webhook
(step 5), the Bot and Agent identities (step 7). Without --apply it only shows the plan.

Input (JSON file keys, or else environment variables; an example file: ${EXAMPLE}, copy it and
replace every <…> placeholder):
${INPUT_LINES}

Options:
  --apply              make the changes, then run the setup check
  --agents id1,id2     agents to get read and reply on the source (RCE cannot tell the token's agent)
  --gateway-url URL    the gateway's public address (…/handover/rce is added)
  --out FILE           where the connection values and gateway configuration go (default ${DEFAULT_OUT}, mode 600;
                       also read first: a second run keeps its secrets and other keys)
  --show-secrets       print tokens and secrets (they are always in --out)
  --help               this text

Exit code: 0 plan shown or all done; 1 something failed (the rest was done), or after --apply a
step is still waiting or the closing setup check reports a fail; 2 cannot run.
`;

const THIS_WEBHOOK = { id: "webhook-this-gateway", title: "Webhook for this gateway", steps: [5] };

function verdictLine(verdict: WebhookVerdict): SetupCheck {
  if (verdict.status === "pass") return pass(THIS_WEBHOOK, verdict.detail);
  if (verdict.status === "cannot check") return cannotCheck(THIS_WEBHOOK, verdict.detail);
  return fail(THIS_WEBHOOK, verdict.detail, { step: 5, action: verdict.fix ?? "" });
}

/** The setup check, with this gateway's webhook checked after the setup check's own webhook line. */
function withThisWebhook(report: SetupReport, verdict: WebhookVerdict, extraRequests: number): SetupReport {
  const at = report.checks.findIndex((c) => c.id === "webhook");
  const checks = [...report.checks];
  checks.splice(at < 0 ? checks.length : at + 1, 0, verdictLine(verdict));
  return summarise(checks, {
    rceRequests: report.rceRequests + extraRequests,
    durationMs: report.durationMs,
    checkedAt: report.checkedAt,
  });
}

function agentList(text: string | undefined): string[] {
  if (text === undefined) return [];
  const ids = [
    ...new Set(
      text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const bad = ids.filter((id) => !/^[A-Za-z0-9_-]{1,128}$/.test(id));
  if (ids.length === 0 || bad.length > 0) {
    throw new CannotRun("--agents takes RCE agent ids separated by commas (letters, digits, - and _).");
  }
  return ids;
}

/** The input from the file or the environment: every problem at once, named as the user wrote the key. */
function inputFrom(sources: OptionSources) {
  // A gateway.json (the one --out writes) may be given as input: its other keys are left alone.
  const read = readOptions(SETUP_INPUT_OPTIONS, sources, {
    alsoKnown: Object.keys(GATEWAY_FILE_OPTIONS),
  });
  return { raw: read.values as SetupRawInput & Record<string, unknown>, read };
}

function cannotRun(problems: readonly OptionProblem[]): CannotRun {
  return new CannotRun(problemsMessage("The input", problems));
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let redact: Redactor = (text) => text;
  const print = (text: string) => process.stdout.write(`${redact(text)}\n`);
  try {
    const { values: flags, file } = parseCommandLine(argv, FLAGS);
    if (flags.help) {
      process.stdout.write(USAGE);
      return EXIT_OK;
    }
    const apply = flags.apply === true;
    const showSecrets = flags["show-secrets"] === true;
    const agents = agentList(flags.agents);
    const outFile = flags.out ?? DEFAULT_OUT;
    const given = sourcesFrom(file, env, copyExampleHint(EXAMPLE));
    const { raw, read } = inputFrom(given);
    redact = redactorFor(
      given.file ?? Object.fromEntries(Object.entries(ENV).map(([key, name]) => [key, env[name]])),
      (given.file?.verifyToken ?? env[ENV.verifyToken]) as string | undefined,
    );
    let previous: Record<string, unknown>;
    try {
      previous = readPrevious(outFile);
    } catch (error) {
      throw new CannotRun((error as Error).message);
    }
    const secrets = webhookSecrets({
      webhookSecret: raw.webhookSecret ?? previous.webhookSecret,
      verifyToken: raw.verifyToken ?? previous.verifyToken,
    });
    const checked = setupSettings(raw, secrets, read.nameOf);
    const flagged = new Set(read.problems.map((p) => p.key));
    // The Base API URL is derived from the Realtime Endpoint URL: while that one is refused, so is the derivation.
    if (flagged.has("realtimeEndpointUrl") && raw.baseApiUrl === undefined) flagged.add("baseApiUrl");
    const problems = [...read.problems, ...checked.problems.filter((p) => !flagged.has(p.key))];
    let webhookUrl = "";
    try {
      webhookUrl = webhookUrlFor(flags["gateway-url"] ?? raw.gatewayUrl);
    } catch (error) {
      if (!flagged.has("gatewayUrl"))
        problems.push({ key: "gatewayUrl", message: (error as Error).message.replace(/\.$/, "") });
    }
    const settings = checked.settings;
    if (problems.length > 0 || !settings) throw cannotRun(problems);
    const shown = redactorFor(settings, secrets.verifyToken);
    redact = showSecrets ? (text) => text : shown;

    const identities = handoverIdentities();
    const client = createEngageClient(settings, { timeBudgetMs: SETUP_BUDGET_MS });
    const relative = path.relative(process.cwd(), path.resolve(outFile));
    const outName = relative && !relative.startsWith("..") ? relative : path.resolve(outFile);
    if (apply) {
      // The secrets are kept before RCE hears of them: a run that dies midway loses nothing.
      writePrivateJson(outFile, {
        ...previous,
        webhookSecret: secrets.webhookSecret,
        verifyToken: secrets.verifyToken,
      });
    }
    const result = await runSetup(client, {
      apply,
      agents,
      webhookUrl,
      secrets,
      names: DEFAULT_CATEGORY_NAMES,
      identities,
      probeGateway: gatewayProbe(),
      outFile: outName,
    });
    print(formatResult(result));

    const values = connectionValues(settings, result, secrets);
    let closingCheckFailed = false;
    if (apply) {
      writePrivateJson(outFile, gatewayConfig(previous, values, secrets));
      print(
        `\nWrote ${outName} (readable by you only): the seven connection values and the gateway's configuration.`,
      );
      if (values.botCategoryId && values.agentCategoryId) {
        const checked = createEngageClient({
          ...settings,
          botCategoryId: values.botCategoryId,
          agentCategoryId: values.agentCategoryId,
        });
        const report = await checkSetup(checked, { identities });
        const before = checked.stats().requests;
        const verdict = await checkWebhookForGateway(checked, webhookUrl, secrets.verifyToken);
        const closing = withThisWebhook(report, verdict, checked.stats().requests - before);
        closingCheckFailed = closing.counts.fail > 0;
        print(`\n${formatReport(closing)}`);
      } else {
        closingCheckFailed = true;
        print("\nThe setup check was not run: the Bot and Agent categories are missing (see above).");
      }
    }
    print(
      `\nConnection values${apply ? ` (in ${outName})` : " (written to the file with --apply)"}:\n${formatValues(values, secrets.verifyToken, showSecrets, apply ? undefined : "(known after --apply)")}`,
    );
    print(
      `\nLeft by hand:\n${manualSteps(result, webhookUrl, outName, { bot: `"${identities.bot.name}" (${identities.bot.id})`, agent: `"${identities.agent.name}" (${identities.agent.id})` })}`,
    );
    const code = exitCodeOf(result, closingCheckFailed);
    if (apply && code !== EXIT_OK)
      print(
        `\nNot done yet (exit code ${code}): ${[
          result.counts.failed + result.counts.blocked > 0 ? "a step failed or was blocked" : "",
          result.counts.waiting > 0 ? `${result.counts.waiting} step(s) waiting` : "",
          closingCheckFailed ? "the setup check reports a fail" : "",
        ]
          .filter(Boolean)
          .join(", ")}; see above, then run again with --apply.`,
      );
    return code;
  } catch (thrown) {
    const message =
      thrown instanceof CannotRun ? thrown.message : toEngageError(thrown, "set up RCE").message;
    process.stderr.write(`Cannot set up RCE: ${redact(message)}\n`);
    return EXIT_CANNOT_RUN;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
