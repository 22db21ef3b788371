/** The Node.js lines this project supports: the majors package.json's `engines` admits. */
import fs from "node:fs";
import path from "node:path";
import semver from "semver";

const ROOT = path.resolve(__dirname, "..", "..");

export function enginesRange(): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).engines.node;
}

/** The lowest x.y.0 of each major from 18 to 40 that the range admits, e.g. {22: "22.0.0", 24: "24.0.0"}. */
export function lowestSupported(range = enginesRange()): Map<number, string> {
  const lowest = new Map<number, string>();
  for (let major = 18; major <= 40; major++)
    for (let minor = 0; minor <= 40 && !lowest.has(major); minor++)
      if (semver.satisfies(`${major}.${minor}.0`, range)) lowest.set(major, `${major}.${minor}.0`);
  return lowest;
}

export function supportedMajors(range = enginesRange()): number[] {
  return [...lowestSupported(range).keys()];
}
