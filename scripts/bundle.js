#!/usr/bin/env node
// Bundles the extension into one CommonJS file, build/module.js, with its runtime packages inside,
// so the uploaded archive works whether or not Cognigy installs `dependencies`.

const path = require("node:path");
const fs = require("node:fs");
const esbuild = require("esbuild");
const { EXTENSION_TARGET, GATEWAY_TARGET } = require("./node-targets");

const root = path.resolve(__dirname, "..");
const outfile = path.join(root, "build", "module.js");

/**
 * Each layer owns its schemas (<layer>/schemas.ts, exporting one `*_SCHEMAS` set) and a validators
 * module (<layer>/validators.ts) that compiles them when run from source. In the bundle the validators
 * module is replaced by ajv "standalone" code for that set: no ajv compiler shipped, no `new Function`
 * at run time (Cognigy's sandbox may forbid code from strings), and each bundle carries only the sets
 * its code imports.
 */
const validatorCounts = new Map();

async function precompiledSet(validatorsFile) {
  const schemasFile = path.join(path.dirname(validatorsFile), "schemas.ts");
  const built = await esbuild.build({
    entryPoints: [schemasFile],
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
  });
  const mod = { exports: {} };
  new Function("module", "exports", "require", built.outputFiles[0].text)(mod, mod.exports, require);
  const setName = Object.keys(mod.exports).find((key) => key.endsWith("_SCHEMAS"));
  if (!setName) throw new Error(`${path.relative(root, schemasFile)} exports no *_SCHEMAS set`);
  const schemas = mod.exports[setName];
  const compileOptions = await esbuild.build({
    entryPoints: [path.join(root, "src", "validation", "compile.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    external: ["ajv"],
  });
  const compileModule = { exports: {} };
  new Function("module", "exports", "require", compileOptions.outputFiles[0].text)(
    compileModule,
    compileModule.exports,
    require,
  );
  const { default: Ajv } = require("ajv");
  const standaloneCode = require("ajv/dist/standalone").default;
  const ajv = new Ajv({ ...compileModule.exports.AJV_OPTIONS, code: { source: true, lines: false } });
  for (const [name, schema] of Object.entries(schemas)) ajv.addSchema(schema, name);
  const names = Object.keys(schemas);
  validatorCounts.set(path.relative(root, validatorsFile), names.length);
  const code = standaloneCode(ajv, Object.fromEntries(names.map((n) => [`schema_${n}`, n])));
  return `${code}
const { validatorsFrom } = require(${JSON.stringify(path.join(root, "src", "validation", "validate.ts"))});
exports.validatorFor = validatorsFrom(() => ({ getValidateFunction: (name) => exports["schema_" + name] }));
`;
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
        build.onLoad({ filter: /[\\/]src[\\/].*[\\/]validators\.ts$/ }, async (args) => ({
          contents: await precompiledSet(args.path),
          loader: "js",
          resolveDir: path.dirname(args.path),
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
    target: GATEWAY_TARGET,
    format: "cjs",
    minify: false,
    legalComments: "eof",
    logLevel: "warning",
  });
  validatorCounts.clear();
  const result = await esbuild.build({
    plugins,
    entryPoints: [path.join(root, "src", "module.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: EXTENSION_TARGET,
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
    `bundle: build/module.js ${(bytes / 1024).toFixed(1)} KB, ${[...validatorCounts.values()].reduce((a, b) => a + b, 0)} precompiled validators in ${validatorCounts.size} sets (${parts})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
