/**
 * The gateway's options table in README.md ("First start") and gateway.schema.json, both made from
 * the one table (src/gateway/options.ts and the seven settings). `npx tsx scripts/gatewayOptionsDoc.ts`
 * rewrites them; test/readme/gatewayOptions.test.ts fails while either is out of date.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SETTING_OPTIONS } from "../src/engage/settings";
import { GATEWAY_FILE_OPTIONS } from "../src/gateway/config";
import { GATEWAY_OPTIONS } from "../src/gateway/options";
import { jsonSchemaOf } from "../src/options/schema";
import { STRONG_SECRET_CHARS } from "../src/options/secrets";
import { formOf, type OptionRow } from "../src/options/table";

const ROOT = path.resolve(__dirname, "..");
export const README = path.join(ROOT, "docs", "gateway.md");
export const SCHEMA_FILE = path.join(ROOT, "gateway.schema.json");
export const BEGIN =
  "<!-- gateway-options: made from src/gateway/options.ts by scripts/gatewayOptionsDoc.ts -->";
export const END = "<!-- /gateway-options -->";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function defaultOf(row: OptionRow): string {
  if (row.required) return "**required**";
  if (row.default === undefined) return "none";
  if (Array.isArray(row.default) || row.default === "") return `\`${JSON.stringify(row.default)}\``;
  return `\`${String(row.default)}\``;
}

function secretOf(row: OptionRow): string {
  if (row.secret) return "yes";
  return row.secretsIn ? "its password" : "";
}

/** What a row allows; a secret the operator chooses also has to be strong. */
function allowedOf(row: OptionRow): string {
  const form = formOf(row);
  return row.secret && !row.issued
    ? `${form}; ${STRONG_SECRET_CHARS} or more, not a placeholder, known default or repeated pattern`
    : form;
}

function envOf(row: OptionRow): string {
  return [row.env, ...(row.envAliases ?? [])].map((name) => `\`${name}\``).join(", ");
}

/** One line per option: the seven settings first, then the gateway's own. */
export function optionsMarkdown(): string {
  const lines = ["| Key / environment | Allowed | Default | Secret | Meaning |", "|---|---|---|---|---|"];
  for (const [key, row] of Object.entries(SETTING_OPTIONS))
    lines.push(
      `| \`${key}\` / ${envOf(row)} | as the connection's ${row.label} ([The connection](nodes.md#the-connection)) | ${defaultOf(row)} | ${secretOf(row)} | ${cell(row.help)} |`,
    );
  for (const [key, row] of Object.entries(GATEWAY_OPTIONS) as [string, OptionRow][])
    lines.push(
      `| \`${key}\` / ${envOf(row)} | ${cell(allowedOf(row))} | ${defaultOf(row)} | ${secretOf(row)} | ${cell(row.help)} |`,
    );
  return lines.join("\n");
}

export function gatewaySchemaText(): string {
  return `${JSON.stringify(jsonSchemaOf(GATEWAY_FILE_OPTIONS, "RingCentral Engage gateway configuration"), null, 2)}\n`;
}

/** The README with its options block replaced by the current table. */
export function readmeWithOptions(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/gateway.md has no ${BEGIN} … ${END} block`);
  return `${readme.slice(0, start + BEGIN.length)}\n${optionsMarkdown()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  fs.writeFileSync(README, readmeWithOptions(fs.readFileSync(README, "utf8")));
  fs.writeFileSync(SCHEMA_FILE, gatewaySchemaText());
  // Laid out as `npm run lint` wants it; the test compares the parsed JSON.
  execFileSync(path.join(ROOT, "node_modules", ".bin", "biome"), ["format", "--write", SCHEMA_FILE]);
  process.stdout.write("docs/gateway.md options table and gateway.schema.json written.\n");
}
