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
 * Validators: every layer gets its own by calling `validatorsOf(<its schema set>)` from one module,
 * src/validation/validators.ts, which compiles the set with ajv when run from source. In the bundles
 * that one module is replaced, separately for each module importing it, by ajv "standalone" code
 * precompiled from the sets that importer passes: no ajv compiler shipped, no `new Function` at run time
 * (Cognigy's sandbox may forbid code from strings; checked below), and each bundle carries only the
 * sets its code uses. The sets are found by running the importer here, at build time, with a stand-in
 * `validatorsOf` that records what it is given.
 */
const VALIDATORS_MODULE = path.join(root, "src", "validation", "validators.ts");
const VALIDATE_MODULE = path.join(root, "src", "validation", "validate.ts");
const validatorCounts = new Map();

/** Runs a built CommonJS text at build time (never in a bundle) and returns its exports. */
function evaluate(text, extra = {}) {
  const mod = { exports: {} };
  const names = Object.keys(extra);
  new Function("module", "exports", "require", ...names, text)(
    mod,
    mod.exports,
    require,
    ...names.map((n) => extra[n]),
  );
  return mod.exports;
}

/** The schema sets `importer` passes to validatorsOf, by running it with a recording stand-in. */
async function schemaSetsOf(importer) {
  const built = await esbuild.build({
    entryPoints: [importer],
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "record-schema-sets",
        setup(build) {
          build.onLoad({ filter: /[\\/]validation[\\/]validators\.ts$/ }, (args) =>
            args.path === VALIDATORS_MODULE
              ? {
                  contents:
                    "exports.validatorsOf = (set) => { __recordSet(set); return () => () => { throw new Error('build-time stand-in'); }; };",
                  loader: "js",
                }
              : undefined,
          );
        },
      },
    ],
  });
  const sets = [];
  evaluate(built.outputFiles[0].text, { __recordSet: (set) => sets.push(set) });
  if (sets.length === 0)
    throw new Error(`${path.relative(root, importer)} imports validatorsOf but passes no set`);
  return sets;
}

async function precompiledFor(importer) {
  const { AJV_OPTIONS } = evaluate(
    (
      await esbuild.build({
        entryPoints: [path.join(root, "src", "validation", "compile.ts")],
        bundle: true,
        platform: "node",
        format: "cjs",
        write: false,
        external: ["ajv"],
      })
    ).outputFiles[0].text,
  );
  const { default: Ajv } = require("ajv");
  const standaloneCode = require("ajv/dist/standalone").default;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, lines: false } });
  const names = [];
  for (const schemas of await schemaSetsOf(importer)) {
    for (const [name, schema] of Object.entries(schemas)) {
      if (names.includes(name))
        throw new Error(`${path.relative(root, importer)}: schema ${name} given twice`);
      ajv.addSchema(schema, name);
      names.push(name);
    }
  }
  validatorCounts.set(path.relative(root, importer), names.length);
  const code = standaloneCode(ajv, Object.fromEntries(names.map((n) => [`schema_${n}`, n])));
  return `${code}
const { validatorsFrom } = require(${JSON.stringify(VALIDATE_MODULE)});
const precompiled = { getValidateFunction: (name) => exports["schema_" + name] };
exports.validatorsOf = () => validatorsFrom(() => precompiled);
`;
}

/**
 * The extension may hold ajv's small run-time helpers that standalone code requires, never its compiler.
 * (The gateway does carry one: fastify's own; its validators are precompiled all the same.)
 */
function assertNoAjvCompiler(metafile, outfile) {
  const ajvFiles = Object.keys(metafile.inputs).filter(
    (file) => /node_modules[\\/]ajv[\\/]/.test(file) && !/[\\/]ajv[\\/]dist[\\/]runtime[\\/]/.test(file),
  );
  if (ajvFiles.length)
    throw new Error(`${path.relative(root, outfile)} carries ajv's compiler: ${ajvFiles.join(", ")}`);
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
        // Keyed on the one module: each importer gets its own precompiled copy (see precompiledFor).
        build.onResolve({ filter: /[\\/]validation[\\/]validators$/ }, (args) => {
          if (path.resolve(args.resolveDir, `${args.path}.ts`) !== VALIDATORS_MODULE) return undefined;
          // Relative, so no path of the build machine lands in the bundles' module comments.
          return { path: path.relative(root, args.importer), namespace: "precompiled-validators" };
        });
        build.onLoad({ filter: /.*/, namespace: "precompiled-validators" }, async (args) => ({
          contents: await precompiledFor(path.join(root, args.path)),
          loader: "js",
          resolveDir: root,
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
  assertNoAjvCompiler(result.metafile, outfile);
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
