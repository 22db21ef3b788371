/**
 * What setup-rce leaves behind: the seven connection values and the gateway's configuration in one
 * file only the user can read (mode 0600; its keys are the gateway's, the seven named as in the
 * Cognigy connection), the report, and the steps still to do by hand. Secrets are shown as
 * "set, N characters" unless asked for.
 */
import fs from "node:fs";
import path from "node:path";
import { describeSecret } from "../engage/redact";
import { type EngageSettings, SETTING_FIELDS } from "../engage/settings";
import type { ItemStatus, SetupItem, SetupResult, WebhookSecrets } from "./types";

/** The previous file's values (secrets included), or {} when there is none. Throws on unreadable JSON. */
export function readPrevious(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code}).`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through: never quote the text (it holds tokens)
  }
  throw new Error(`${file} is not one JSON object; move it away or name another file with --out.`);
}

export interface ConnectionValues {
  apiAccessToken: string;
  botCategoryId?: string;
  agentCategoryId?: string;
  realtimeAccessToken: string;
  realtimeEndpointUrl: string;
  webhookSecret: string;
  baseApiUrl: string;
}

export function connectionValues(
  settings: EngageSettings,
  result: Pick<SetupResult, "botCategoryId" | "agentCategoryId">,
  secrets: WebhookSecrets,
): ConnectionValues {
  return {
    apiAccessToken: settings.apiAccessToken,
    botCategoryId: result.botCategoryId,
    agentCategoryId: result.agentCategoryId,
    realtimeAccessToken: settings.realtimeAccessToken,
    realtimeEndpointUrl: settings.realtimeEndpointUrl,
    webhookSecret: secrets.webhookSecret,
    baseApiUrl: settings.baseApiUrl,
  };
}

/**
 * The gateway's configuration: what the previous file held (port, cognigyEndpointUrl, …) with the
 * seven values and the Verification Token set. Values still unknown are left out (the gateway names
 * every missing key when it starts).
 */
export function gatewayConfig(
  previous: Record<string, unknown>,
  values: ConnectionValues,
  secrets: WebhookSecrets,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...previous };
  for (const { fieldName } of SETTING_FIELDS) {
    const value = values[fieldName];
    if (value === undefined) delete out[fieldName];
    else out[fieldName] = value;
  }
  out.verifyToken = secrets.verifyToken;
  return out;
}

/** Writes through a temporary file created 0600, then renames: never readable by others, never half-written. */
export function writePrivateJson(file: string, value: unknown): void {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: "w" });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
}

const LABELS: Record<ItemStatus, string> = {
  ok: "ok",
  change: "change",
  done: "done",
  failed: "FAILED",
  blocked: "blocked",
  waiting: "waiting",
  manual: "by hand",
};

export function formatItem(item: SetupItem): string {
  const fix = item.fix ? ` → ${item.fix}` : "";
  return `${LABELS[item.status].padEnd(8)} step ${item.step}  ${item.what}: ${item.detail}${fix}`;
}

export function formatResult(result: SetupResult): string {
  const c = result.counts;
  const head =
    result.mode === "plan"
      ? `RCE setup plan: ${c.change} change(s), ${c.ok} already right${c.failed ? `, ${c.failed} failed` : ""}${c.blocked ? `, ${c.blocked} blocked` : ""}${c.waiting ? `, ${c.waiting} waiting` : ""}${c.manual ? `, ${c.manual} by hand` : ""}. Nothing was changed; run with --apply to make the changes.`
      : `RCE setup: ${c.done} change(s) made, ${c.ok} already right${c.failed ? `, ${c.failed} failed` : ""}${c.blocked ? `, ${c.blocked} blocked` : ""}${c.waiting ? `, ${c.waiting} waiting` : ""}${c.manual ? `, ${c.manual} by hand` : ""}.`;
  return [head, ...result.items.map(formatItem)].join("\n");
}

export function formatValues(
  values: ConnectionValues,
  verifyToken: string,
  showSecrets: boolean,
  unknown = "(not known: see the failures above)",
): string {
  const secret = (v: string) => (showSecrets ? v : `(${describeSecret(v)}; --show-secrets prints it)`);
  const lines = SETTING_FIELDS.map(({ fieldName, label, secret: isSecret }) => {
    const value = values[fieldName];
    const shown = value === undefined ? unknown : isSecret ? secret(value) : value;
    return `  ${`${label} (${fieldName})`.padEnd(46)} ${shown}`;
  });
  lines.push(`  ${"Verification Token (gateway: verifyToken)".padEnd(46)} ${secret(verifyToken)}`);
  return lines.join("\n");
}

/** The steps RCE's API cannot do, with what this run knows (the webhook URL is also the source's Base URI). */
export function manualSteps(
  result: SetupResult,
  webhookUrl: string,
  outFile: string,
  identities: { bot: string; agent: string },
): string {
  const permissionsByHand = result.items.some((i) => i.step === 4 && i.status === "manual");
  const steps = [
    "1. API access token: done by hand already (you gave it).",
    `3. Source: create the Engage Digital Source SDK source by hand (done, since its Realtime Endpoint URL works); its Base URI must be ${webhookUrl}. Save the source again once the gateway runs.`,
    ...(permissionsByHand
      ? [
          "4. Agent permissions: read and reply on the source for every agent who answers (see above, or --agents).",
        ]
      : []),
    `7. Identities: tick "Controlled identity" on ${identities.bot} and ${identities.agent} (RCE Identities), then assign ${identities.agent} to every agent who answers (Agents > identities).`,
    "8. Folder: give the agents who answer the Agent category, and a folder filtering it (Desks > Folders).",
    `Then: paste the seven values into the Cognigy connection (all in ${outFile}), add cognigyEndpointUrl to ${outFile} and start the gateway with it.`,
  ];
  return steps.join("\n");
}
