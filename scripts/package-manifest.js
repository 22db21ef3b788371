#!/usr/bin/env node
// Writes the package.json and package-lock.json that go into the uploaded archive (argument: the
// staging folder). build/module.js already contains every runtime package, so the archive declares
// none: if Cognigy.AI installs an extension's dependencies on upload, it fetches nothing. Both files
// are kept because every published extension ships them and Cognigy's upload expects them.
const fs = require("node:fs");
const path = require("node:path");
const { EXTENSION_ENGINES } = require("./node-targets");

const root = path.resolve(__dirname, "..");
const stage = process.argv[2];
if (!stage) throw new Error("usage: node scripts/package-manifest.js <staging folder>");
const source = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const manifest = {
  name: source.name,
  version: source.version,
  description: source.description,
  main: source.main,
  license: source.license,
  private: source.private,
  // The extension's runtime (Cognigy's), not the gateway's and the build's lines in package.json.
  engines: { node: EXTENSION_ENGINES },
  dependencies: {},
};
const lock = {
  name: source.name,
  version: source.version,
  lockfileVersion: 3,
  requires: true,
  packages: { "": { name: source.name, version: source.version, license: source.license } },
};
fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
fs.writeFileSync(path.join(stage, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
