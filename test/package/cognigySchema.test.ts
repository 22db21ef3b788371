/**
 * Self-test of the upload-schema validator: it must accept what Cognigy's own tooling produces and
 * reject what the platform rejects, with ajv 8 and the client's ajv 6 agreeing.
 */
import { createExtension, createNodeDescriptor } from "@cognigy/extension-tools";
import { expect } from "chai";
import {
  createUploadValidator,
  extensionSchemas,
  formatAjvErrors,
  isColor,
  isMongoId,
  isResourceName,
  loadAjv6,
  validateWithAjv6,
} from "./cognigySchema";

type Obj = Record<string, unknown>;

const connection = {
  type: "demo-connection",
  label: "Demo Connection",
  fields: [{ fieldName: "token", label: "Token", description: "The token", required: true }],
};

function sampleNodes(): Obj[] {
  const parent = createNodeDescriptor({
    type: "demoParent",
    defaultLabel: { default: "Demo parent", deDE: "Demo-Elternknoten" },
    summary: "Does a demo",
    appearance: { color: "#FF7A00", textColor: "white" },
    dependencies: { children: ["onDemoSuccess"] },
    fields: [
      {
        key: "connection",
        type: "connection",
        label: "Connection",
        params: { connectionType: "demo-connection" },
      },
      {
        key: "text",
        type: "cognigyText",
        label: "Text",
        defaultValue: "{{input.text}}",
        description: "Some text",
      },
      {
        key: "mode",
        type: "select",
        label: "Mode",
        defaultValue: "a",
        params: { options: [{ label: "A", value: "a" }] },
        condition: {
          or: [
            { key: "text", value: "x" },
            { key: "text", value: ["y", "z"], negate: true },
          ],
        },
      },
    ],
    sections: [{ key: "advanced", label: "Advanced", defaultCollapsed: true, fields: ["mode"] }],
    form: [
      { type: "field", key: "connection" },
      { type: "field", key: "text" },
      { type: "section", key: "advanced" },
    ],
    preview: { type: "text", key: "text" },
    tags: ["service"],
    tokens: [{ label: "Demo result", type: "context", script: "context.demo" }],
    function: async () => undefined,
  });
  const child = createNodeDescriptor({
    type: "onDemoSuccess",
    parentType: "demoParent",
    defaultLabel: "On success",
    appearance: { variant: "mini" },
    constraints: { editable: false, deletable: false, creatable: false, movable: false, placement: {} },
  });
  return [parent, child] as unknown as Obj[];
}

function validate(data: unknown): string[] {
  const { validate: check, compileWarnings } = createUploadValidator(
    extensionSchemas.extensionNodePackageDataSchema,
  );
  expect(compileWarnings.filter((w) => /unknown format/.test(w))).to.deep.equal([]);
  return check(data) ? [] : formatAjvErrors(check.errors, data).split("\n");
}

function validateAjv6(data: unknown): string[] | undefined {
  const Ajv6 = loadAjv6();
  return Ajv6 ? validateWithAjv6(Ajv6, extensionSchemas.extensionNodePackageDataSchema, data) : undefined;
}

/** Both engines must give the same verdict. */
function verdict(data: unknown): { valid: boolean; errors: string[] } {
  const errors = validate(data);
  const errors6 = validateAjv6(data);
  if (errors6) {
    expect(
      errors6.length === 0,
      `ajv 6 and ajv 8 disagree:\najv 8: ${errors.join("\n")}\najv 6: ${errors6.join("\n")}`,
    ).to.equal(errors.length === 0);
  }
  return { valid: errors.length === 0, errors };
}

function withNode(change: (node: Obj) => void): { nodes: Obj[]; connections: unknown[] } {
  const nodes = sampleNodes();
  change(nodes[0]);
  return { nodes, connections: [connection] };
}

describe("package: upload-schema validator self-test", () => {
  it("accepts descriptors made by createNodeDescriptor (raw and JSON round trip)", () => {
    const data = { nodes: sampleNodes(), connections: [connection] };
    expect(verdict(data).errors).to.deep.equal([]);
    expect(verdict(JSON.parse(JSON.stringify(data))).errors).to.deep.equal([]);
  });

  it("rejects createExtension's output as a whole: 'options' is not part of the package data", () => {
    const extension = createExtension({ nodes: [], connections: [], options: { label: "X" } });
    const result = verdict(extension);
    expect(result.valid).to.equal(false);
    expect(result.errors.join("\n")).to.match(
      /must NOT have additional properties .*"additionalProperty":"options"/,
    );
  });

  const rejected: [string, (node: Obj) => void, RegExp][] = [
    [
      "an empty field description",
      (n) => Object.assign((n.fields as Obj[])[1], { description: "" }),
      /description/,
    ],
    [
      "a label over 200 characters",
      (n) => Object.assign((n.fields as Obj[])[1], { label: "x".repeat(201) }),
      /label/,
    ],
    ["a summary over 200 characters", (n) => Object.assign(n, { summary: "x".repeat(201) }), /summary/],
    [
      "a field type unknown to the platform",
      (n) => Object.assign((n.fields as Obj[])[1], { type: "secret" }),
      /type/,
    ],
    ["an unknown descriptor key", (n) => Object.assign(n, { mocking: {} }), /additionalProperty/],
    ["a non-Mongo _id", (n) => Object.assign(n, { _id: "abc" }), /mongo-id/],
    ["an invalid color", (n) => Object.assign(n, { appearance: { color: "not-a-color" } }), /color/],
    [
      "an unknown token type",
      (n) => Object.assign(n, { tokens: [{ label: "x", type: "secret", script: "x" }] }),
      /snippet-type/,
    ],
    [
      "an empty array as a condition value (matches three oneOf branches)",
      (n) => Object.assign((n.fields as Obj[])[2], { condition: { key: "text", value: [] } }),
      /oneOf/,
    ],
    [
      "more than 35 fields in a section",
      (n) =>
        Object.assign((n.sections as Obj[])[0], { fields: Array.from({ length: 36 }, (_, i) => `f${i}`) }),
      /maxItems|more than 35/,
    ],
  ];
  for (const [what, change, pattern] of rejected) {
    it(`rejects ${what}`, () => {
      const result = verdict(withNode(change));
      expect(result.valid, "should be invalid").to.equal(false);
      expect(result.errors.join("\n")).to.match(pattern);
    });
  }

  it("rejects bad connections: unknown keys, blank type", () => {
    expect(verdict({ nodes: [], connections: [{ ...connection, secret: true }] }).valid).to.equal(false);
    expect(verdict({ nodes: [], connections: [{ ...connection, type: "  " }] }).valid).to.equal(false);
    expect(
      verdict({ nodes: [], connections: [{ ...connection, fields: [{ fieldName: "a", placeholder: "x" }] }] })
        .valid,
    ).to.equal(false);
  });

  it("defines the custom formats sensibly", () => {
    expect(isResourceName("RingCentral Engage")).to.equal(true);
    expect(isResourceName("ringcentral-engage")).to.equal(true);
    expect(isResourceName("")).to.equal(false);
    expect(isResourceName("x".repeat(201))).to.equal(false);
    expect(isResourceName("a\nb")).to.equal(false);
    expect(isMongoId("5f1b2c3d4e5f6a7b8c9d0e1f")).to.equal(true);
    expect(isMongoId("5f1b2c3d")).to.equal(false);
    for (const color of [
      "black",
      "#3D9FFF",
      "#fff",
      "rgba(0, 0, 0, 0.5)",
      "hsl(30 100% 50%)",
      "transparent",
    ]) {
      expect(isColor(color), color).to.equal(true);
    }
    for (const color of ["blak", "#12", "url(x)", ""]) {
      expect(isColor(color), color).to.equal(false);
    }
  });
});
