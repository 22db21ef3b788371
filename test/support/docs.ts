/**
 * The project's documentation as tests read it: the README (its first screen and three paths) and the
 * reference in docs/. Claims are checked wherever they are written.
 */
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export const DOCS = {
  readme: "README.md",
  nodes: "docs/nodes.md",
  rceSetup: "docs/rce-setup.md",
  gateway: "docs/gateway.md",
  development: "docs/development.md",
  rceDocs: "docs/rce-docs.md",
} as const;

export function readDoc(file: (typeof DOCS)[keyof typeof DOCS]): string {
  return fs.readFileSync(path.join(ROOT, file), "utf8");
}

/** Every document a reader of the repository is pointed to, one after the other. */
export function readAllDocs(): string {
  return Object.values(DOCS)
    .map((file) => readDoc(file))
    .join("\n");
}
