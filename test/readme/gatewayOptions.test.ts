/** The README's gateway options and gateway.schema.json are the options table, row for row. */
import fs from "node:fs";
import Ajv from "ajv";
import { expect } from "chai";
import {
  BEGIN,
  defaultOf,
  END,
  gatewaySchemaText,
  optionsMarkdown,
  README,
  SCHEMA_FILE,
} from "../../scripts/gatewayOptionsDoc";
import { SETTING_OPTIONS } from "../../src/engage/settings";
import { GATEWAY_FILE_OPTIONS, parseGatewayConfig } from "../../src/gateway/config";
import { GATEWAY_OPTIONS } from "../../src/gateway/options";

import { validConnection } from "../support/fixtures";

const FIX = "run `npx tsx scripts/gatewayOptionsDoc.ts` to bring it up to date";

function readmeBlock(): string {
  const readme = fs.readFileSync(README, "utf8");
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  expect(start, "README.md has the options block").to.be.greaterThan(0);
  return readme.slice(start + BEGIN.length, end).trim();
}

describe("README: the gateway's options table", () => {
  it("is the table of the code, row for row", () => {
    expect(readmeBlock(), FIX).to.equal(optionsMarkdown());
  });

  it("has one line per option, naming its key, its environment variable and its default", () => {
    const lines = readmeBlock().split("\n").slice(2);
    const rows = { ...SETTING_OPTIONS, ...GATEWAY_OPTIONS };
    expect(lines).to.have.length(Object.keys(rows).length);
    for (const [key, row] of Object.entries(rows)) {
      const line = lines.find((l) => l.startsWith(`| \`${key}\` / \`${row.env}\``));
      expect(line, key).to.be.a("string");
      expect(line).to.contain(` | ${defaultOf(row)} | `);
    }
  });

  it("gateway.schema.json is the schema of the same table, and the example points at it", () => {
    expect(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")), FIX).to.deep.equal(
      JSON.parse(gatewaySchemaText()),
    );
    const schema = JSON.parse(gatewaySchemaText()) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).to.have.members(["$schema", ...Object.keys(GATEWAY_FILE_OPTIONS)]);
    expect(schema.required).to.include.members(["verifyToken", "cognigyEndpointUrl", "webhookSecret"]);
    const example = JSON.parse(
      fs.readFileSync(SCHEMA_FILE.replace("gateway.schema.json", "gateway.example.json"), "utf8"),
    );
    expect(example.$schema).to.equal("./gateway.schema.json");
  });

  it("gateway.schema.json agrees with the reader: a valid file passes, wrong types and bounds do not", () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(gatewaySchemaText()));
    const valid = {
      ...validConnection(),
      verifyToken: "vT0ken-3f9c2a71d8e4b605",
      cognigyEndpointUrl: "https://e.example.com",
    };
    expect(parseGatewayConfig(valid).port).to.equal(8080);
    expect(validate(valid), JSON.stringify(validate.errors)).to.equal(true);
    for (const wrong of [
      { port: 70000 },
      { logLevel: "loud" },
      { drainMs: -5 },
      { agentAttachments: "yes" },
      { prot: 1 },
    ]) {
      expect(validate({ ...valid, ...wrong }), JSON.stringify(wrong)).to.equal(false);
      expect(() => parseGatewayConfig({ ...valid, ...wrong }), JSON.stringify(wrong)).to.throw();
    }
  });
});
