/**
 * The options of a table as --help prints them: one line per key with its environment variable,
 * its default (or "required") and its help, the README's markdown made plain text.
 */
import type { OptionRow, OptionTable } from "./table";

/** `code`, **bold** and [links](#anchor) as plain text. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\*\*([^*]*)\*\*/g, "$1")
    .replace(/`([^`]*)`/g, "$1");
}

function defaultText(row: OptionRow): string {
  if (row.required) return "required";
  if (row.default === undefined || row.default === "") return "-";
  return Array.isArray(row.default) ? JSON.stringify(row.default) : String(row.default);
}

/** "  key  ENV_NAME  default  help", columns aligned. */
export function optionLines(table: OptionTable): string {
  const rows = Object.entries(table).map(([key, row]) => [
    key,
    [row.env, ...(row.envAliases ?? [])].join(", "),
    defaultText(row),
    plainText(row.help),
  ]);
  const width = (i: number) => Math.max(...rows.map((r) => r[i].length));
  const [keyWidth, envWidth, defaultWidth] = [width(0), width(1), Math.min(width(2), 16)];
  return rows
    .map(
      ([key, env, value, help]) =>
        `  ${key.padEnd(keyWidth)}  ${env.padEnd(envWidth)}  ${value.padEnd(defaultWidth)}  ${help}`,
    )
    .join("\n");
}
