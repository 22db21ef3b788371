/**
 * What Cognigy sees of each node, pinned: every node descriptor of the BUILT extension (the file
 * that ships, as the e2e tests load it), serialised without its function, must equal the committed
 * snapshot in __snapshots__/. A field key, default, label, branch or child type that changes makes
 * this fail, so such a change is made on purpose: `UPDATE_SNAPSHOTS=1 npm test` rewrites the
 * snapshots, and the diff of __snapshots__/ is what the change does to Flows.
 *
 * A missing snapshot fails too (it is never written silently). Snapshots are compared as values:
 * object keys in any order (Cognigy does not read their order), arrays (fields, sections, form,
 * children) in theirs (it does). They are written with sorted keys, for readable diffs.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { INodeDescriptor } from "@cognigy/extension-tools";
import { expect } from "chai";
import { builtExtension } from "../support/e2e";

const DIR = path.join(__dirname, "__snapshots__");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";

/** What JSON keeps of a value (functions and undefined go), with object keys sorted. */
function plain(value: unknown): unknown {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((key) => [key, sorted((v as Record<string, unknown>)[key])]),
      );
    return v;
  };
  return sorted(JSON.parse(JSON.stringify(value)));
}

/** Writes the snapshot as the repository's formatter would, so `biome ci` accepts it as written. */
function writeSnapshot(file: string, value: unknown): void {
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  execFileSync(process.execPath, [require.resolve("@biomejs/biome/bin/biome"), "format", "--write", file], {
    stdio: "ignore",
  });
}

/** Compared as values, not text: formatting is the formatter's business. */
function expectSnapshot(name: string, value: unknown): void {
  const file = path.join(DIR, `${name}.json`);
  const actual = plain(value);
  if (UPDATE) {
    writeSnapshot(file, actual);
    return;
  }
  if (!fs.existsSync(file))
    expect.fail(
      `no snapshot ${path.relative(process.cwd(), file)}: if this node is new, write it with UPDATE_SNAPSHOTS=1 npm test and commit it`,
    );
  const committed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  expect(
    actual,
    `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 npm test, if deliberate)`,
  ).to.deep.equal(committed);
}

const extension = builtExtension();
const parents = extension.nodes.filter((node) => !node.parentType);

/** The node's branches in the order of its dependencies.children, the order Cognigy creates them in. */
function childrenOf(parent: INodeDescriptor): INodeDescriptor[] {
  const children = extension.nodes.filter((node) => node.parentType === parent.type);
  const order = parent.dependencies?.children ?? [];
  const rank = (node: INodeDescriptor) =>
    order.includes(node.type) ? order.indexOf(node.type) : order.length;
  return [...children].sort((a, b) => rank(a) - rank(b));
}

describe("nodes: descriptor snapshots (what Cognigy sees, from build/module.js)", () => {
  it("the extension: label, connections and its nodes in order", () => {
    expectSnapshot("extension", {
      options: extension.options,
      connections: extension.connections,
      nodes: extension.nodes.map((node) => node.type),
    });
  });

  for (const parent of parents) {
    it(`${parent.type}: the node and its branches`, () => {
      expectSnapshot(parent.type, { node: parent, children: childrenOf(parent) });
    });
  }

  it("every child belongs to a node of the extension, and every snapshot to a node", () => {
    const types = new Set(parents.map((node) => node.type));
    expect(extension.nodes.filter((node) => node.parentType && !types.has(node.parentType))).to.deep.equal(
      [],
    );
    if (UPDATE || !fs.existsSync(DIR)) return;
    const stale = fs
      .readdirSync(DIR)
      .map((file) => file.replace(/\.json$/, ""))
      .filter((name) => name !== "extension" && !types.has(name));
    expect(stale, "snapshots of nodes the extension no longer has: delete them deliberately").to.deep.equal(
      [],
    );
  });
});
