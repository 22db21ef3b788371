/**
 * Checks the BUILT extension (build/module.js, what the upload archive ships) against Cognigy.AI's own
 * upload schema and the package conventions of this extension.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import {
  createUploadValidator,
  extensionSchemas,
  formatAjvErrors,
  loadAjv6,
  validateWithAjv6,
} from "./cognigySchema";

const ROOT = path.resolve(__dirname, "..", "..");
const MODULE_PATH = path.join(ROOT, "build", "module.js");

const EXPECTED_LABEL = "RingCentral Engage";
const EXPECTED_CONNECTION_FIELDS = [
  "apiAccessToken",
  "botCategoryId",
  "agentCategoryId",
  "realtimeAccessToken",
  "realtimeEndpointUrl",
  "webhookSecret",
  "baseApiUrl",
];
const MAX_TEXT = 200;

type Obj = Record<string, unknown>;

interface LoadedField {
  key?: unknown;
  type?: unknown;
  label?: unknown;
  params?: { connectionType?: unknown } & Obj;
}
interface LoadedNode extends Obj {
  type?: unknown;
  parentType?: unknown;
  dependencies?: { children?: unknown[] };
  fields?: LoadedField[];
  sections?: { key?: unknown; fields?: unknown[] }[];
  form?: { key?: unknown; type?: unknown }[];
  preview?: { key?: unknown; type?: unknown };
}
interface LoadedConnection extends Obj {
  type?: unknown;
  label?: unknown;
  fields?: { fieldName?: unknown }[];
}
interface LoadedExtension {
  nodes: LoadedNode[];
  connections: LoadedConnection[];
  options?: { label?: unknown };
}

const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null;

/** `module.exports = ext` or `exports.default = ext` (what tsc / esbuild emit for `export default`). */
function pickExtension(moduleExports: unknown): unknown {
  if (isObj(moduleExports) && Array.isArray(moduleExports.nodes)) {
    return moduleExports;
  }
  if (isObj(moduleExports) && isObj(moduleExports.default)) {
    return moduleExports.default;
  }
  return moduleExports;
}

function loadBuiltExtension(): LoadedExtension {
  if (!fs.existsSync(MODULE_PATH)) {
    throw new Error(
      `${path.relative(ROOT, MODULE_PATH)} does not exist. Run \`npm run bundle\` first (\`npm test\` does it for you).`,
    );
  }
  delete require.cache[MODULE_PATH];
  const extension = pickExtension(require(MODULE_PATH));
  if (!isObj(extension) || !Array.isArray(extension.nodes) || !Array.isArray(extension.connections)) {
    throw new Error(
      `${path.relative(ROOT, MODULE_PATH)} does not export an extension ({nodes, connections}) as module.exports or exports.default`,
    );
  }
  return extension as unknown as LoadedExtension;
}

/** Collects every label/defaultLabel/summary/description string (incl. localisation objects). */
function collectTexts(value: unknown, where: string, out: { where: string; text: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((entry, index) => {
      collectTexts(entry, `${where}[${index}]`, out);
    });
    return;
  }
  if (!isObj(value)) {
    return;
  }
  for (const [key, entry] of Object.entries(value)) {
    const here = `${where}.${key}`;
    if (["label", "defaultLabel", "summary", "description"].includes(key)) {
      if (typeof entry === "string") {
        out.push({ where: here, text: entry });
      } else if (isObj(entry)) {
        for (const [locale, text] of Object.entries(entry)) {
          if (typeof text === "string") {
            out.push({ where: `${here}.${locale}`, text });
          }
        }
      }
    }
    if (typeof entry === "object") {
      collectTexts(entry, here, out);
    }
  }
}

describe("package: build/module.js against Cognigy.AI's upload schema", () => {
  let extension: LoadedExtension;
  let uploadData: { nodes: unknown[]; connections: unknown[] };

  before(() => {
    extension = loadBuiltExtension();
    // What the upload schema covers: nodes and connections (options.label maps to the extension's label).
    uploadData = { nodes: extension.nodes, connections: extension.connections };
  });

  const nodeName = (node: LoadedNode, index: number) => `nodes[${index}] "${String(node.type)}"`;

  it("exports the extension with options.label 'RingCentral Engage'", () => {
    expect(extension.options?.label).to.equal(EXPECTED_LABEL);
    const labelSchema = { ...extensionSchemas.extensionDataSchema.properties.label };
    const { validate } = createUploadValidator(labelSchema);
    expect(validate(extension.options?.label), formatAjvErrors(validate.errors, extension.options?.label)).to
      .be.true;
  });

  it("validates {nodes, connections} against extensionNodePackageDataSchema (ajv 8)", () => {
    const { validate, compileWarnings } = createUploadValidator(
      extensionSchemas.extensionNodePackageDataSchema,
    );
    expect(
      compileWarnings.filter((w) => /unknown format/.test(w)),
      "the schema uses a format we did not register",
    ).to.deep.equal([]);
    const valid = validate(uploadData);
    expect(valid, `upload schema errors:\n${formatAjvErrors(validate.errors, uploadData)}`).to.equal(true);
  });

  it("still validates after a JSON round trip (functions dropped, as stored by the platform)", () => {
    const serialised: unknown = JSON.parse(JSON.stringify(uploadData));
    const { validate } = createUploadValidator(extensionSchemas.extensionNodePackageDataSchema);
    const valid = validate(serialised);
    expect(valid, `upload schema errors:\n${formatAjvErrors(validate.errors, serialised)}`).to.equal(true);
  });

  it("validates with the ajv 6 that @cognigy/rest-api-client itself ships", function () {
    const Ajv6 = loadAjv6();
    if (!Ajv6) {
      this.skip();
      return;
    }
    for (const data of [uploadData, JSON.parse(JSON.stringify(uploadData))]) {
      const errors = validateWithAjv6(Ajv6, extensionSchemas.extensionNodePackageDataSchema, data);
      expect(errors, `ajv 6 errors:\n${errors.join("\n")}`).to.deep.equal([]);
    }
  });

  it(`keeps every label, summary and description at most ${MAX_TEXT} characters`, () => {
    const texts: { where: string; text: string }[] = [];
    collectTexts(extension.nodes, "nodes", texts);
    collectTexts(extension.connections, "connections", texts);
    const tooLong = texts
      .filter(({ text }) => text.length > MAX_TEXT)
      .map(
        ({ where, text }) =>
          `${where} has ${text.length} characters: ${JSON.stringify(text.slice(0, 60))}...`,
      );
    expect(tooLong, tooLong.join("\n")).to.deep.equal([]);
  });

  it("gives every node a unique type", () => {
    const types = extension.nodes.map((node) => node.type);
    const duplicates = types.filter((type, index) => types.indexOf(type) !== index);
    expect(duplicates, `duplicate node types: ${duplicates.join(", ")}`).to.deep.equal([]);
    for (const [index, node] of extension.nodes.entries()) {
      expect(node.type, `${nodeName(node, index)} needs a non-empty string type`).to.be.a("string").and.not
        .empty;
    }
  });

  it("declares every child type it references, with a matching parentType", () => {
    const byType = new Map(extension.nodes.map((node) => [node.type, node]));
    const problems: string[] = [];
    extension.nodes.forEach((node, index) => {
      for (const childType of node.dependencies?.children ?? []) {
        const child = byType.get(childType);
        if (!child) {
          problems.push(`${nodeName(node, index)} lists child "${String(childType)}", which is not a node`);
        } else if (child.parentType !== node.type) {
          problems.push(
            `child "${String(childType)}" of "${String(node.type)}" has parentType ${JSON.stringify(child.parentType)}`,
          );
        }
      }
      if (typeof node.parentType === "string" && !byType.has(node.parentType)) {
        problems.push(`${nodeName(node, index)} has parentType "${node.parentType}", which is not a node`);
      }
    });
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  it("points every connection field at a declared connection type", () => {
    const declared = new Set(extension.connections.map((connection) => connection.type));
    const problems: string[] = [];
    extension.nodes.forEach((node, index) => {
      for (const field of node.fields ?? []) {
        if (field.type !== "connection") {
          continue;
        }
        const connectionType = field.params?.connectionType;
        if (!declared.has(connectionType)) {
          problems.push(
            `${nodeName(node, index)} field "${String(field.key)}" uses connectionType ${JSON.stringify(connectionType)}; declared: ${[...declared].join(", ")}`,
          );
        }
      }
    });
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  it("keeps fields, sections, form and preview consistent within each node", () => {
    const problems: string[] = [];
    extension.nodes.forEach((node, index) => {
      const name = nodeName(node, index);
      const fieldKeys = (node.fields ?? []).map((field) => field.key);
      const sectionKeys = (node.sections ?? []).map((section) => section.key);
      fieldKeys
        .filter((key, i) => fieldKeys.indexOf(key) !== i)
        .forEach((key) => {
          problems.push(`${name} has two fields with key "${String(key)}"`);
        });
      for (const section of node.sections ?? []) {
        for (const key of section.fields ?? []) {
          if (!fieldKeys.includes(key)) {
            problems.push(`${name} section "${String(section.key)}" lists unknown field "${String(key)}"`);
          }
        }
      }
      for (const element of node.form ?? []) {
        const pool = element.type === "section" ? sectionKeys : fieldKeys;
        if (!pool.includes(element.key)) {
          problems.push(`${name} form refers to unknown ${String(element.type)} "${String(element.key)}"`);
        }
      }
      if (node.preview?.key !== undefined && !fieldKeys.includes(node.preview.key)) {
        problems.push(`${name} preview shows unknown field "${String(node.preview.key)}"`);
      }
    });
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  it("declares one connection with exactly the seven RCE settings, in order", () => {
    expect(extension.connections, "number of connections").to.have.length(1);
    const [connection] = extension.connections;
    expect(connection.type, "connection type").to.be.a("string").and.not.empty;
    expect(connection.label, "connection label").to.be.a("string").and.not.empty;
    expect((connection.fields ?? []).map((field) => field.fieldName)).to.deep.equal(
      EXPECTED_CONNECTION_FIELDS,
    );
  });
});

describe("package: build/module.js is self-contained CommonJS", () => {
  let tempDir: string | undefined;

  after(() => {
    if (tempDir) {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  });

  it("requires only Node built-in modules", () => {
    if (!fs.existsSync(MODULE_PATH)) {
      throw new Error("build/module.js does not exist. Run `npm run bundle` first.");
    }
    const source = fs.readFileSync(MODULE_PATH, "utf8");
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    // A real call is never directly preceded by a quote: that skips code kept as *text* in the bundle,
    // e.g. ajv's standalone-code snippets 'require("ajv/dist/runtime/equal")'.
    const required = [...source.matchAll(/(^|[^"'`\w$.])require\(\s*(["'`])([^"'`]+)\2\s*\)/g)].map(
      (m) => m[3],
    );
    const external = [...new Set(required.filter((name) => !builtins.has(name)))];
    expect(external, `build/module.js requires non-built-in modules: ${external.join(", ")}`).to.deep.equal(
      [],
    );
  });

  it("carries precompiled validators only: no ajv compiler, no code built from strings", () => {
    if (!fs.existsSync(MODULE_PATH)) {
      throw new Error("build/module.js does not exist. Run `npm run bundle` first.");
    }
    const source = fs.readFileSync(MODULE_PATH, "utf8");
    // keepNames keeps function names in the minified bundle: the from-source path
    // (src/validation/compile.ts) and ajv's compiler class would show by name.
    expect(source).not.to.match(/\bcompileSchemas\b/);
    expect(source).not.to.match(/\bnew Function\s*\(|\beval\s*\(/);
    expect(source, "the precompiled validators' run-time lookup").to.match(/\bvalidatorsFrom\b/);
    expect(source, "ajv's compiler").not.to.match(/\bclass Ajv\b|"Ajv"|\bSchemaEnv\b/);
  });

  it("loads with no node_modules in a fresh directory", () => {
    if (!fs.existsSync(MODULE_PATH)) {
      throw new Error("build/module.js does not exist. Run `npm run bundle` first.");
    }
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "rce-extension-"));
    fs.mkdirSync(path.join(tempDir, "build"));
    fs.copyFileSync(MODULE_PATH, path.join(tempDir, "build", "module.js"));
    fs.writeFileSync(
      path.join(tempDir, "package.json"),
      `${JSON.stringify({ name: "upload-check", version: "1.0.0", type: "commonjs", main: "build/module.js" }, null, 2)}\n`,
    );
    const script = [
      'const loaded = require("./build/module.js");',
      "const ext = loaded && Array.isArray(loaded.nodes) ? loaded : loaded && loaded.default;",
      "process.stdout.write(JSON.stringify({",
      "  nodes: ext && Array.isArray(ext.nodes) ? ext.nodes.length : null,",
      "  connections: ext && Array.isArray(ext.connections) ? ext.connections.length : null,",
      "  label: ext && ext.options ? ext.options.label : null,",
      "  loadedFiles: Object.keys(require.cache),",
      "}));",
    ].join("\n");
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS;
    const stdout = execFileSync(process.execPath, ["-e", script], {
      cwd: tempDir,
      env,
      encoding: "utf8",
      timeout: 20_000,
    });
    const report = JSON.parse(stdout) as {
      nodes: number | null;
      connections: number | null;
      label: unknown;
      loadedFiles: string[];
    };
    expect(report.nodes, "nodes array").to.be.a("number");
    expect(report.connections, "connections array").to.be.a("number").and.at.least(1);
    expect(report.label).to.equal(EXPECTED_LABEL);
    const realTemp = fs.realpathSync(tempDir);
    expect(report.loadedFiles.map((file) => path.relative(realTemp, fs.realpathSync(file)))).to.deep.equal([
      path.join("build", "module.js"),
    ]);
  });
});
