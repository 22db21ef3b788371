import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { EngageError } from "../../src/engage/errors";
import { SETTING_ENV_NAMES } from "../../src/engage/settings";
import {
  describeGatewayConfig,
  GATEWAY_ENV_NAMES,
  gatewaySecrets,
  loadGatewayConfig,
  parseGatewayConfig,
  unknownKeys,
} from "../../src/gateway/config";
import { GATEWAY_OPTIONS } from "../../src/gateway/options";
import { SECRETS, validConnection } from "../support/fixtures";

const ROOT = path.resolve(__dirname, "..", "..");
const VERIFY = "vT0ken-3f9c2a71d8e4b605";

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(EngageError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("gateway/config", () => {
  it("takes the seven settings plus its own, with defaults", () => {
    const config = parseGatewayConfig({
      ...validConnection(),
      verifyToken: VERIFY,
      cognigyEndpointUrl: "https://endpoint.example.com/",
    });
    expect(config).to.include({
      verifyToken: VERIFY,
      cognigyEndpointUrl: "https://endpoint.example.com",
      host: "0.0.0.0",
      port: 8080,
      path: "/handover/rce",
    });
    expect(config.settings.sourceId).to.equal("5a1c7e3f9b2d4c6e8f0a1b2c");
  });

  it("refuses to start without a Verification Token (no default) and names what is missing", () => {
    try {
      parseGatewayConfig({ ...validConnection(), cognigyEndpointUrl: "https://endpoint.example.com" });
      expect.fail("expected an error");
    } catch (error) {
      expect(error).to.be.instanceOf(EngageError);
      expect((error as EngageError).message).to.contain(
        "verifyToken is missing (environment GATEWAY_VERIFY_TOKEN)",
      );
    }
  });

  it("reads the environment, and a bad connection value never echoes a secret", () => {
    const env = {
      RCE_API_ACCESS_TOKEN: SECRETS.apiAccessToken,
      RCE_BOT_CATEGORY_ID: "bot1",
      RCE_AGENT_CATEGORY_ID: "agent1",
      RCE_REALTIME_ACCESS_TOKEN: SECRETS.realtimeAccessToken,
      RCE_REALTIME_ENDPOINT_URL: "https://acme.engagement.dimelo.com/realtime/sdk/abc123",
      RCE_WEBHOOK_SECRET: SECRETS.webhookSecret,
      RCE_BASE_API_URL: "acme.api.engagement.dimelo.com",
      GATEWAY_VERIFY_TOKEN: VERIFY,
      COGNIGY_ENDPOINT_URL: "https://endpoint.example.com",
      GATEWAY_PORT: "9090",
    };
    expect(loadGatewayConfig([], env).port).to.equal(9090);
    try {
      loadGatewayConfig([], { ...env, RCE_BASE_API_URL: "acme.engagement.dimelo.com" });
      expect.fail("expected an error");
    } catch (error) {
      const message = (error as Error).message;
      expect(message).to.contain("RCE_BASE_API_URL (file key baseApiUrl) must contain 'api.'");
      for (const secret of Object.values(SECRETS)) expect(message).to.not.contain(secret);
    }
  });
});

function envOf(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      { ...SETTING_ENV_NAMES, ...GATEWAY_ENV_NAMES }[k as "port"],
      String(v),
    ]),
  );
}

describe("gateway/config: strict, named, echoed without secrets", () => {
  const base = () => ({
    ...validConnection(),
    verifyToken: VERIFY,
    cognigyEndpointUrl: "https://endpoint.example.com",
  });

  it("refuses unknown keys with a suggestion", () => {
    const message = problemOf(() =>
      parseGatewayConfig({ ...base(), verifyTokn: "x", prot: 80, apiAccesToken: "y", zzzzzzzzzz: 1 }),
    );
    expect(message)
      .to.contain('unknown key "verifyTokn" (did you mean "verifyToken"?)')
      .and.contain('unknown key "prot" (did you mean "port"?)')
      .and.contain('unknown key "apiAccesToken" (did you mean "apiAccessToken"?)')
      .and.contain('unknown key "zzzzzzzzzz".');
    expect(unknownKeys({ ...base(), [VERIFY]: 1 })).to.deep.equal([
      "unknown key a value that holds a secret (not shown)",
    ]);
  });

  it("names every missing key with its environment variable", () => {
    try {
      parseGatewayConfig({ port: 8080 });
      expect.fail("expected an error");
    } catch (error) {
      const message = (error as Error).message;
      for (const [key, env] of Object.entries({
        apiAccessToken: "RCE_API_ACCESS_TOKEN",
        webhookSecret: "RCE_WEBHOOK_SECRET",
        baseApiUrl: "RCE_BASE_API_URL",
        verifyToken: "GATEWAY_VERIFY_TOKEN",
        cognigyEndpointUrl: "COGNIGY_ENDPOINT_URL",
      }))
        expect(message).to.contain(`${key} is missing (environment ${env})`);
    }
  });

  it("echoes the values in use without a secret", () => {
    const echoed = JSON.stringify(describeGatewayConfig(parseGatewayConfig({ ...base(), logLevel: "warn" })));
    for (const secret of [...Object.values(SECRETS), VERIFY]) expect(echoed).to.not.contain(secret);
    expect(echoed).to.contain('"logLevel":"warn"');
    expect(echoed).to.contain('"apiAccessToken":"set, ');
  });

  it("redisUrl: optional (memory by default), from GATEWAY_REDIS_URL, checked, its password never echoed", () => {
    expect(parseGatewayConfig(base()))
      .to.include({ redisKeyPrefix: "rce-gw:" })
      .and.not.have.property("redisUrl");
    const config = loadGatewayConfig([], {
      ...Object.fromEntries(
        Object.entries(base()).map(([k, v]) => [
          {
            ...SETTING_ENV_NAMES,
            verifyToken: "GATEWAY_VERIFY_TOKEN",
            cognigyEndpointUrl: "COGNIGY_ENDPOINT_URL",
          }[k as keyof typeof SETTING_ENV_NAMES],
          String(v),
        ]),
      ),
      GATEWAY_REDIS_URL: "redis+sentinel://app:sentinel-pw-123@s1:26379,s2:26379/mymaster",
      GATEWAY_REDIS_KEY_PREFIX: "gw-a:",
    } as NodeJS.ProcessEnv);
    expect(config).to.include({ redisKeyPrefix: "gw-a:" });
    const echoed = JSON.stringify(describeGatewayConfig(config));
    expect(echoed).to.contain('"redisUrl":"redis+sentinel://app:***@s1:26379,s2:26379/mymaster"');
    expect(echoed).to.not.contain("sentinel-pw-123");
    for (const bad of [
      "http://:pw-secret-1@h:6379",
      "redis+sentinel://:pw-secret-1@h:26379",
      "redis://:pw-secret-1@h:99999999",
    ]) {
      let message = "";
      try {
        parseGatewayConfig({ ...base(), redisUrl: bad });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, bad).to.match(/redisUrl/);
      expect(message).to.not.contain("pw-secret-1");
    }
    expect(() => parseGatewayConfig({ ...base(), redisKeyPrefix: "{bad}" })).to.throw(/redisKeyPrefix/);
  });

  it("cognigyEndpointUrl: must parse, no query or fragment; a password in it is never echoed", () => {
    for (const bad of ["https://[", "https://endpoint.example.com/?x=1", "https://endpoint.example.com/#a"])
      expect(() => parseGatewayConfig({ ...base(), cognigyEndpointUrl: bad }), bad).to.throw(
        /cognigyEndpointUrl .*COGNIGY_ENDPOINT_URL/,
      );
    const config = parseGatewayConfig({
      ...base(),
      cognigyEndpointUrl: "https://relay:endpoint-pw-42@endpoint.example.com/",
    });
    expect(config.cognigyEndpointUrl).to.equal("https://relay:endpoint-pw-42@endpoint.example.com");
    const echoed = JSON.stringify(describeGatewayConfig(config));
    expect(echoed).to.contain('"cognigyEndpointUrl":"https://relay:***@endpoint.example.com"');
    expect(echoed).to.not.contain("endpoint-pw-42");
    expect(gatewaySecrets(config)).to.include("endpoint-pw-42");
  });

  it("reads the operations options from the environment and checks them", () => {
    const env = {
      ...Object.fromEntries(
        Object.entries(validConnection()).map(([k, v]) => [
          SETTING_ENV_NAMES[k as keyof typeof SETTING_ENV_NAMES],
          v,
        ]),
      ),
      GATEWAY_VERIFY_TOKEN: VERIFY,
      COGNIGY_ENDPOINT_URL: "https://endpoint.example.com",
      GATEWAY_LOG_LEVEL: "debug",
      GATEWAY_COGNIGY_TIMEOUT_MS: "30000",
      GATEWAY_MAX_CONNECTIONS: "500",
    } as NodeJS.ProcessEnv;
    expect(loadGatewayConfig([], env)).to.include({
      logLevel: "debug",
      cognigyTimeoutMs: 30_000,
      maxConnections: 500,
    });
    expect(() => loadGatewayConfig([], { ...env, GATEWAY_LOG_LEVEL: "loud" })).to.throw(/logLevel/);
  });

  it("gateway.example.json has only known keys, its placeholders are refused, and gateway.json is git-ignored", () => {
    const example = JSON.parse(fs.readFileSync(path.join(ROOT, "gateway.example.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(unknownKeys(example)).to.deep.equal([]);
    expect(() => parseGatewayConfig(example)).to.throw(EngageError);
    expect(fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8").split("\n")).to.include("gateway.json");
  });

  it("the example unchanged: every value still to fill in is named, each with its variable; the others are the defaults", () => {
    const example = JSON.parse(fs.readFileSync(path.join(ROOT, "gateway.example.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const message = problemOf(() => parseGatewayConfig(example));
    const toFill = Object.keys(example).filter((key) => String(example[key]).includes("<"));
    // The seven that only the operator knows, plus the account and the Cognigy endpoint.
    expect(toFill).to.have.members([
      "apiAccessToken",
      "botCategoryId",
      "agentCategoryId",
      "realtimeAccessToken",
      "realtimeEndpointUrl",
      "webhookSecret",
      "baseApiUrl",
      "verifyToken",
      "cognigyEndpointUrl",
    ]);
    expect(message).to.contain(`has ${toFill.length} problems`);
    for (const key of toFill) {
      const variable = { ...SETTING_ENV_NAMES, ...GATEWAY_ENV_NAMES }[key as "port"];
      expect(message).to.contain(`${key} (environment ${variable}) is still a placeholder`);
    }
    for (const [key, value] of Object.entries(example)) {
      if (toFill.includes(key) || key === "$schema") continue;
      expect(GATEWAY_OPTIONS[key as keyof typeof GATEWAY_OPTIONS], key).to.have.property("default", value);
    }
  });

  it("refuses known defaults, short secrets and a Verification Token equal to the Webhook Secret, never quoting them", () => {
    const strongSecret = "wh-S3cret-4b1f0c9a7e2d";
    for (const verifyToken of [
      "cognigy123",
      "Cognigy-123",
      "x",
      "changeme-changeme",
      "aaaaaaaaaaaaaaaaaaaa",
    ]) {
      const message = problemOf(() => parseGatewayConfig({ ...base(), verifyToken }));
      expect(message, verifyToken).to.match(
        /verifyToken \(environment GATEWAY_VERIFY_TOKEN\) (is a known default|has only)/,
      );
      expect(message).to.not.contain(`"${verifyToken}"`);
    }
    const short = problemOf(() => parseGatewayConfig({ ...base(), webhookSecret: "s3cr3t-9" }));
    expect(short).to.contain("webhookSecret (environment RCE_WEBHOOK_SECRET) has only 8 character(s)");
    expect(short).to.not.contain("s3cr3t-9");
    const same = problemOf(() =>
      parseGatewayConfig({ ...base(), webhookSecret: strongSecret, verifyToken: strongSecret }),
    );
    expect(same).to.contain(
      "verifyToken (environment GATEWAY_VERIFY_TOKEN) equals webhookSecret (environment RCE_WEBHOOK_SECRET)",
    );
    expect(same).to.not.contain(strongSecret);
    const fromEnv = problemOf(() =>
      loadGatewayConfig([], { ...envOf(base()), GATEWAY_VERIFY_TOKEN: "cognigy123" } as NodeJS.ProcessEnv),
    );
    expect(fromEnv).to.contain("GATEWAY_VERIFY_TOKEN (file key verifyToken) is a known default");
  });

  it("a file with five mistakes reports the five, each named as written, no secret quoted", () => {
    const { apiAccessToken: _typoed, ...rest } = base() as Record<string, unknown>;
    const message = problemOf(() =>
      parseGatewayConfig({
        ...rest,
        apiAccesToken: SECRETS.apiAccessToken,
        logLevel: "loud",
        port: 70000,
        agentAttachments: "yes",
        botCategoryId: "Bot category",
      }),
    );
    expect(message).to.contain("has 6 problems"); // the typo'd key also leaves apiAccessToken missing
    expect(message)
      .to.contain('unknown key "apiAccesToken" (did you mean "apiAccessToken"?)')
      .and.contain("apiAccessToken is missing (environment RCE_API_ACCESS_TOKEN)")
      .and.contain("logLevel (environment GATEWAY_LOG_LEVEL) must be one of debug, info, warn, error, silent")
      .and.contain("port (environment GATEWAY_PORT) must be an integer from 0 to 65535, not 70000")
      .and.contain("agentAttachments (environment GATEWAY_AGENT_ATTACHMENTS) must be true or false")
      .and.contain(
        "botCategoryId (environment RCE_BOT_CATEGORY_ID) must be the id from the category's admin URL",
      );
    for (const secret of [...Object.values(SECRETS), VERIFY]) expect(message).to.not.contain(secret);
    const five = problemOf(() =>
      parseGatewayConfig({
        ...base(),
        realtimeEndpointUrl: "https://acme.engagement.dimelo.com/realtime",
        agentCategoryId: "",
        cognigyTimeoutMs: 10,
        path: "/health",
        redisKeyPrefix: "{x}",
      }),
    );
    expect(five).to.contain("has 5 problems");
    expect(five.split("\n").filter((line) => line.startsWith("  - "))).to.have.length(5);
    expect(five).to.contain("path (environment GATEWAY_PATH) must not be /health, /ready, /metrics");
  });

  it("a bad % escape in cognigyEndpointUrl or redisUrl is named, not 'URI malformed', and the password is not quoted", () => {
    for (const [key, value] of [
      ["cognigyEndpointUrl", "https://relay:pa%zzword-77@endpoint.example.com"],
      ["redisUrl", "redis://:pa%zzword-77@127.0.0.1:6379"],
      ["redisUrl", "redis+sentinel://:pa%zzword-77@s1:26379/mymaster"],
    ]) {
      const message = problemOf(() => parseGatewayConfig({ ...base(), [key]: value }));
      expect(message, value).to.contain(`${key} (environment`).and.contain("bad % escape");
      expect(message).to.not.contain("URI malformed").and.not.contain("pa%zzword-77");
    }
  });

  it("the file must be one JSON object; a UTF-8 byte order mark before it is fine", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-config-"));
    const file = path.join(dir, "gateway.json");
    try {
      for (const [text, what] of [
        ['"just a string"', "a string"],
        ["[1, 2]", "a list"],
        ["42", "a number"],
        ["null", "null"],
      ]) {
        fs.writeFileSync(file, text);
        expect(
          problemOf(() => loadGatewayConfig([file], {})),
          text,
        ).to.contain(`must be an object ({"key": value, …}), not ${what}`);
      }
      fs.writeFileSync(file, `\ufeff${JSON.stringify({ ...base(), port: 0, host: "127.0.0.1" })}`);
      expect(loadGatewayConfig([file], {}).host).to.equal("127.0.0.1");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes the same command line as the other tools: --config <file> or the file alone; refuses the rest", () => {
    expect(() => loadGatewayConfig(["--confg", "x.json"], {})).to.throw(/--confg/);
    expect(() => loadGatewayConfig(["a.json", "b.json"], {})).to.throw(/one configuration file/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-config-"));
    const file = path.join(dir, "gateway.json");
    fs.writeFileSync(file, `{\n  "verifyToken": "${SECRETS.webhookSecret}"\n  "port": 1\n}`);
    for (const argv of [["--config", file], [file]]) {
      let error: Error | undefined;
      try {
        loadGatewayConfig(argv, {});
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message)
        .to.contain("not valid JSON at line 3, column 3")
        .and.not.contain(SECRETS.webhookSecret);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
