#!/usr/bin/env node
// Bundles the extension into one CommonJS file, build/module.js, with its runtime packages inside,
// so the uploaded archive works whether or not Cognigy installs `dependencies`.
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const outfile = path.join(root, "build", "module.js");

async function main() {
  fs.rmSync(path.join(root, "build"), { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(root, "src", "module.ts")],
    outfile,
    bundle: true,
    platform: "node",
    // Cognigy.AI's extension runtime is Node 18 or newer.
    target: "node18",
    format: "cjs",
    minify: true,
    keepNames: true,
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
  });
  const bytes = fs.statSync(outfile).size;
  const inputs = Object.entries(result.metafile.outputs[path.relative(process.cwd(), outfile)]?.inputs ?? {});
  const byPackage = {};
  for (const [file, info] of inputs) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = match ? match[1] : "src";
    byPackage[key] = (byPackage[key] || 0) + info.bytesInOutput;
  }
  const parts = Object.entries(byPackage)
    .sort((a, b) => b[1] - a[1])
    .map(([name, size]) => `${name} ${(size / 1024).toFixed(1)} KB`)
    .join(", ");
  console.log(`bundle: build/module.js ${(bytes / 1024).toFixed(1)} KB (${parts})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
