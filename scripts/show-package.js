#!/usr/bin/env node
// Loads an extracted extension archive the way Cognigy would (require its `main`, no node_modules
// anywhere) and prints what a bot builder will see. Exits non-zero if it does not load.

const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const [dir, archive] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
const probe = `
  const loaded = require(${JSON.stringify(path.join(dir, pkg.main))});
  const ext = loaded && loaded.default ? loaded.default : loaded;
  process.stdout.write(JSON.stringify({
    label: ext.options && ext.options.label,
    nodes: ext.nodes.map((n) => ({ type: n.type, label: n.defaultLabel, parentType: n.parentType || null })),
    connections: ext.connections.map((c) => ({ type: c.type, fields: c.fields.map((f) => f.fieldName) })),
  }));`;
// A clean child process, started outside the repo, so nothing can resolve from our node_modules.
const out = execFileSync(process.execPath, ["-e", probe], {
  cwd: dir,
  env: { PATH: process.env.PATH },
  encoding: "utf8",
});
const ext = JSON.parse(out);

// The README Cognigy shows bot builders is the builder's one, not the repository's.
const shipped = fs.readFileSync(path.join(dir, "README.md"), "utf8");
const builders = fs.readFileSync(path.join(__dirname, "..", "docs", "extension-readme.md"), "utf8");
if (shipped !== builders) {
  console.error("package: the archive's README.md is not docs/extension-readme.md (see build.sh)");
  process.exit(1);
}

// The size the docs state is the size built (within 10 %).
const stated = /The uploadable archive is (\d+) KB/.exec(
  fs.readFileSync(path.join(__dirname, "..", "docs", "development.md"), "utf8"),
);
const builtKb = fs.statSync(archive).size / 1024;
if (!stated || Math.abs(Number(stated[1]) - builtKb) > builtKb * 0.1) {
  console.error(
    `package: docs/development.md says the archive is ${stated ? `${stated[1]} KB` : "(no figure)"}, it is ${builtKb.toFixed(0)} KB: update "The uploadable archive is N KB"`,
  );
  process.exit(1);
}

const entries = execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }).trim().split("\n");
const size = fs.statSync(archive).size;
console.log(
  `package: ${archive} (${(size / 1024).toFixed(1)} KB, ${entries.length} entries: ${entries.join(", ")})`,
);
console.log(`loaded from an empty folder without node_modules: extension "${ext.label}"`);
const top = ext.nodes.filter((n) => !n.parentType);
console.log(
  `  nodes (${top.length}): ${top.map((n) => `"${typeof n.label === "string" ? n.label : n.label.default}"`).join(", ") || "none yet"}`,
);
for (const c of ext.connections) console.log(`  connection "${c.type}": ${c.fields.join(", ")}`);
console.log(
  `  README.md: the bot builder's (docs/extension-readme.md, ${(Buffer.byteLength(shipped) / 1024).toFixed(1)} KB)`,
);
console.log(`upload ${archive} in Cognigy.AI: Manage > Extensions > Upload Extension.`);
