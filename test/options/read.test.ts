/** The generic option reader: a made-up table with one row of each kind. */
import { randomBytes } from "node:crypto";
import { expect } from "chai";
import { problemsMessage, readOptions } from "../../src/options/read";
import { jsonSchemaOf } from "../../src/options/schema";
import { weakSecretProblem } from "../../src/options/secrets";
import { nearestKey } from "../../src/options/suggest";
import type { OptionTable, OptionValues } from "../../src/options/table";

const TABLE = {
  token: { kind: "text", env: "T_TOKEN", required: true, secret: true, maxLength: 255, help: "a secret" },
  issued: { kind: "text", env: "T_ISSUED", secret: true, issued: true, help: "an issued token" },
  url: {
    kind: "text",
    env: "T_URL",
    default: "https://a.example.com",
    pattern: "^https://",
    form: "an https URL",
    normalise: (value: string) => value.replace(/\/+$/, ""),
    help: "a URL",
  },
  count: { kind: "integer", env: "T_COUNT", envAliases: ["COUNT"], min: 1, max: 10, default: 3, help: "n" },
  on: { kind: "boolean", env: "T_ON", default: false, help: "a switch" },
  level: { kind: "choice", env: "T_LEVEL", values: ["low", "high"], default: "low", help: "a level" },
  hosts: {
    kind: "list",
    env: "T_HOSTS",
    maxItems: 3,
    itemPattern: "^[a-z0-9.]+$",
    itemForm: "host names",
    default: [],
    help: "hosts",
  },
} as const satisfies OptionTable;

const TOKEN = "t0ken-9d8c7b6a5f4e3d2c";

describe("options/read: one reader for every table", () => {
  it("takes the file's values, fills in defaults, normalises, and types them as the table says", () => {
    const read = readOptions(TABLE, { file: { token: TOKEN, url: "https://b.example.com/" } });
    expect(read.problems).to.deep.equal([]);
    const values = read.values as OptionValues<typeof TABLE>;
    expect(values).to.deep.equal({
      token: TOKEN,
      url: "https://b.example.com",
      count: 3,
      on: false,
      level: "low",
      hosts: [],
    });
  });

  it("converts the environment's text to the row's type and refuses what does not convert", () => {
    const env = {
      T_TOKEN: TOKEN,
      T_COUNT: " 7 ",
      T_ON: "TRUE",
      T_LEVEL: "high",
      T_HOSTS: "a.example, b.example ,",
    };
    const read = readOptions(TABLE, { env });
    expect(read.problems).to.deep.equal([]);
    expect(read.values).to.include({ count: 7, on: true, level: "high" });
    expect(read.values.hosts).to.deep.equal(["a.example", "b.example"]);
    for (const [name, value, form] of [
      ["T_COUNT", "abc", "an integer from 1 to 10"],
      ["T_COUNT", "-5", "an integer from 1 to 10"],
      ["T_COUNT", "2.5", "an integer from 1 to 10"],
      ["T_ON", "yes", "true or false"],
      ["T_ON", "1", "true or false"],
      ["T_LEVEL", "loud", "one of low, high"],
      ["T_HOSTS", "a,b,c,d", "a list of at most 3 host names"],
      ["T_HOSTS", "ok.host,BAD HOST", "a list of at most 3 host names"],
    ]) {
      const { problems } = readOptions(TABLE, { env: { ...env, [name]: value } });
      expect(problems, `${name}=${value}`).to.have.length(1);
      expect(problems[0].message).to.contain(`${name} (file key`).and.contain(`must be ${form}`);
    }
  });

  it("reads an alias variable when the main one is unset, and the file wins over both", () => {
    expect(readOptions(TABLE, { env: { T_TOKEN: TOKEN, COUNT: "9" } }).values.count).to.equal(9);
    expect(readOptions(TABLE, { env: { T_TOKEN: TOKEN, COUNT: "9", T_COUNT: "8" } }).values.count).to.equal(
      8,
    );
    expect(
      readOptions(TABLE, { file: { token: TOKEN, count: 2 }, env: { T_COUNT: "8" } }).values.count,
    ).to.equal(2);
  });

  it("names unknown keys with the nearest known one, leaves keys of other programs alone, ignores $schema", () => {
    const { problems } = readOptions(
      TABLE,
      { file: { token: TOKEN, cuont: 1, tokne: "x", theirs: 1, $schema: "./x.json", completelyElse: 1 } },
      { alsoKnown: ["theirs"] },
    );
    expect(problems.map((p) => p.message)).to.deep.equal([
      'unknown key "cuont" (did you mean "count"?)',
      'unknown key "tokne" (did you mean "token"?)',
      'unknown key "completelyElse"',
    ]);
    expect(nearestKey("apiAccesToken", ["apiAccessToken", "agentName"])).to.equal("apiAccessToken");
  });

  it("reports every problem at once, one line each", () => {
    const { problems } = readOptions(TABLE, {
      file: { count: 0, on: "no", level: 1, url: "http://x", hosts: "a" },
    });
    expect(problems.map((p) => p.key)).to.deep.equal(["token", "url", "count", "on", "level", "hosts"]);
    const message = problemsMessage("Test", problems);
    expect(message.split("\n")).to.have.length(7);
    expect(message).to.contain("Test has 6 problems").and.contain("token is missing (environment T_TOKEN)");
    expect(problemsMessage("Test", problems.slice(0, 1))).to.equal(
      "Test: token is missing (environment T_TOKEN).",
    );
  });

  it("refuses placeholders in any text, and weak secrets, except issued ones and when told", () => {
    const placeholder = readOptions(TABLE, { file: { token: TOKEN, url: "https://<your host>" } }).problems;
    expect(placeholder[0].message).to.contain("url (environment T_URL) is still a placeholder");
    for (const weak of ["Cognigy-123", "short", "aaaaaaaaaaaaaaaaaaaa", "changeme-changeme", "<token>"]) {
      const { problems } = readOptions(TABLE, { file: { token: weak } });
      expect(problems, weak).to.have.length(1);
      expect(problems[0].message).to.not.contain(weak);
    }
    expect(readOptions(TABLE, { file: { token: TOKEN, issued: "short" } }).problems).to.deep.equal([]);
    expect(
      readOptions(TABLE, { file: { token: "short" } }, { allowWeakSecrets: true }).problems,
    ).to.deep.equal([]);
  });

  it("never quotes a secret given, even under another key or as a key", () => {
    const { problems } = readOptions(TABLE, {
      file: { token: TOKEN, level: TOKEN, [TOKEN]: 1, hosts: [`x${TOKEN}`] },
      env: { T_ISSUED: "issued-secret-42" },
    });
    const text = JSON.stringify(problems);
    expect(problems).to.have.length(3);
    expect(text).to.not.contain(TOKEN);
    expect(text).to.contain("a value that holds a secret (not shown)");
  });

  it("weakSecretProblem: random secrets of 16 or more pass, whatever their alphabet", () => {
    for (let i = 0; i < 200; i++) {
      expect(weakSecretProblem(randomBytes(8).toString("hex"))).to.equal(undefined);
      expect(weakSecretProblem(randomBytes(32).toString("base64url"))).to.equal(undefined);
    }
  });

  it("derives a JSON schema: types, bounds, lists, required, no other keys", () => {
    const schema = jsonSchemaOf(TABLE, "t") as {
      required: string[];
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema).to.include({ type: "object", additionalProperties: false });
    expect(schema.required).to.deep.equal(["token"]);
    expect(schema.properties.count).to.include({ type: "integer", minimum: 1, maximum: 10, default: 3 });
    expect(schema.properties.level).to.deep.include({ enum: ["low", "high"] });
    expect(schema.properties.hosts).to.deep.include({
      type: "array",
      maxItems: 3,
      items: { type: "string", pattern: "^[a-z0-9.]+$" },
    });
  });
});
