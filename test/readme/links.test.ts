/** Every link in the README and docs/ leads somewhere: the file exists, and so does the heading it names. */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { DOCS, ROOT } from "../support/docs";

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");
}

function anchorsIn(file: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line);
    if (heading) anchors.add(anchorOf(heading[1]));
  }
  return anchors;
}

describe("docs: every link leads somewhere", () => {
  for (const doc of [...Object.values(DOCS), "docs/extension-readme.md"])
    it(doc, () => {
      const file = path.join(ROOT, doc);
      const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^https?:/.test(target)) continue;
        const [where, anchor] = target.split("#");
        const into = where ? path.resolve(path.dirname(file), where) : file;
        if (!fs.existsSync(into)) broken.push(`${target} (no such file)`);
        else if (anchor && into.endsWith(".md") && !anchorsIn(into).has(anchor))
          broken.push(`${target} (no such heading)`);
      }
      expect(broken).to.deep.equal([]);
    });
});
