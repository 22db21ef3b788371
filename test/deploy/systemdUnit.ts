/** deploy/rce-cognigy-gateway.service read as systemd reads it: sections of Key=Value, comments apart. */
import fs from "node:fs";

/** Where the unit's install steps unpack Node.js, and where ExecStart takes it from. */
export const NODE_DIR = "/opt/rce-cognigy-gateway/node";

export interface Unit {
  Unit: Record<string, string>;
  Service: Record<string, string>;
  Install: Record<string, string>;
  /** The comment lines, `#` removed: the install steps. */
  comments: string;
}

export function unitFile(file: string): Unit {
  const unit: Unit = { Unit: {}, Service: {}, Install: {}, comments: "" };
  let section: Record<string, string> | undefined;
  const comments: string[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("#")) comments.push(line.slice(1).trim());
    else if (/^\[(\w+)\]$/.test(line)) section = unit[line.slice(1, -1) as "Unit"];
    else if (line.includes("=") && section)
      section[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  unit.comments = comments.join("\n");
  return unit;
}

/** A command line split as systemd splits it: on spaces, double quotes keeping one argument. */
export function execArgs(line: string | undefined): string[] {
  return [...(line ?? "").matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "");
}
