#!/usr/bin/env node
// Bundles the extension into one CommonJS file, build/module.js, with its runtime packages inside,
// so the uploaded archive works whether or not Cognigy installs `dependencies`.

const path = require("node:path");
const fs = require("node:fs");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const outfile = path.join(root, "build", "module.js");

/**
 * ajv "standalone" code for every schema in src/validation/registry.ts. In the bundle it takes the
 * place of src/validation/compiledValidators.ts, so validators exist as plain code: no ajv compiler
 * shipped, and no `new Function` at run time (Cognigy's sandbox may forbid code from strings).
 */
async function precompiledValidators() {
  const registry = await esbuild.build({
    entryPoints: [path.join(root, "src", "validation", "registry.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
  });
  const mod = { exports: {} };
  new Function("module", "exports", "require", registry.outputFiles[0].text)(mod, mod.exports, require);
  const { SCHEMAS, AJV_OPTIONS } = mod.exports;
  const { default: Ajv } = require("ajv");
  const standaloneCode = require("ajv/dist/standalone").default;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, lines: false } });
  for (const [name, schema] of Object.entries(SCHEMAS)) ajv.addSchema(schema, name);
  const names = Object.keys(SCHEMAS);
  const code = standaloneCode(ajv, Object.fromEntries(names.map((n) => [n, n])));
  return {
    count: names.length,
    contents: `${code}\nexports.getValidateFunction = function (name) { return exports[name]; };\n`,
  };
}

/**
 * axios carries multipart and redirect support we never use (plain JSON/text bodies, maxRedirects 0):
 * form-data pulls in mime-db (~130 KB). Both are replaced by thin stand-ins in the bundle only.
 */
const SLIM_AXIOS = {
  "form-data": 'module.exports = typeof FormData === "undefined" ? class FormDataUnavailable {} : FormData;',
  "follow-redirects": 'module.exports = { http: require("node:http"), https: require("node:https") };',
};

async function main() {
  fs.rmSync(path.join(root, "build"), { recursive: true, force: true });
  const validators = await precompiledValidators();
  const plugins = [
    {
      name: "slim-axios",
      setup(build) {
        build.onResolve({ filter: /^(form-data|follow-redirects)$/ }, (args) => ({
          path: args.path,
          namespace: "slim",
        }));
        build.onLoad({ filter: /.*/, namespace: "slim" }, (args) => ({
          contents: SLIM_AXIOS[args.path],
          loader: "js",
        }));
      },
    },
    {
      name: "precompiled-validators",
      setup(build) {
        build.onResolve({ filter: /[\\/]compiledValidators$/ }, () => ({
          path: "compiledValidators",
          namespace: "validators",
        }));
        build.onLoad({ filter: /.*/, namespace: "validators" }, () => ({
          contents: validators.contents,
          loader: "js",
          resolveDir: path.join(root, "src", "validation"),
        }));
      },
    },
  ];
  // The gateway runs on a server of the admin's, not in Cognigy: it goes to dist/, outside the archive.
  await esbuild.build({
    plugins,
    entryPoints: [path.join(root, "src", "gateway", "main.ts")],
    outfile: path.join(root, "dist", "gateway.js"),
    bundle: true,
    platform: "node",
    target: "node18",
    format: "cjs",
    minify: false,
    legalComments: "eof",
    logLevel: "warning",
  });
  const result = await esbuild.build({
    plugins,
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
  const text = fs.readFileSync(outfile, "utf8");
  if (/\bnew Function\s*\(|\beval\s*\(/.test(text)) {
    throw new Error(
      "build/module.js builds code from strings at run time; Cognigy's sandbox may refuse that",
    );
  }
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
  console.log(
    `bundle: build/module.js ${(bytes / 1024).toFixed(1)} KB, ${validators.count} precompiled validators (${parts})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
