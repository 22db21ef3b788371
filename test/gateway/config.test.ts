import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { EngageError } from "../../src/engage/errors";
import { SETTING_ENV_NAMES } from "../../src/engage/settings";
import {
  describeGatewayConfig,
  gatewaySecrets,
  loadGatewayConfig,
  parseGatewayConfig,
  unknownKeys,
} from "../../src/gateway/config";
import { SECRETS, validConnection } from "../support/fixtures";

const ROOT = path.resolve(__dirname, "..", "..");

describe("gateway/config", () => {
  it("takes the seven settings plus its own, with defaults", () => {
    const config = parseGatewayConfig({
      ...validConnection(),
      verifyToken: "v-token",
      cognigyEndpointUrl: "https://endpoint.example.com/",
    });
    expect(config).to.include({
      verifyToken: "v-token",
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
      expect((error as EngageError).message).to.contain("verifyToken is missing");
      expect((error as EngageError).message).to.contain("no default on purpose");
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
      GATEWAY_VERIFY_TOKEN: "v-token",
      COGNIGY_ENDPOINT_URL: "https://endpoint.example.com",
      GATEWAY_PORT: "9090",
    };
    expect(loadGatewayConfig([], env).port).to.equal(9090);
    try {
      loadGatewayConfig([], { ...env, RCE_BASE_API_URL: "acme.engagement.dimelo.com" });
      expect.fail("expected an error");
    } catch (error) {
      const message = (error as Error).message;
      expect(message).to.contain("Base API URL must contain 'api.'");
      for (const secret of Object.values(SECRETS)) expect(message).to.not.contain(secret);
    }
  });
});

describe("gateway/config: strict, named, echoed without secrets", () => {
  const base = () => ({
    ...validConnection(),
    verifyToken: "v-token-123",
    cognigyEndpointUrl: "https://endpoint.example.com",
  });

  it("refuses unknown keys with a suggestion", () => {
    expect(() => parseGatewayConfig({ ...base(), verifyTokn: "x", prot: 80 })).to.throw(
      /unknown keys "verifyTokn" \(did you mean "verifyToken"\?\), "prot" \(did you mean "port"\?\)/,
    );
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
    for (const secret of [...Object.values(SECRETS), "v-token-123"]) expect(echoed).to.not.contain(secret);
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
      GATEWAY_VERIFY_TOKEN: "v-token-123",
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
      expect(error?.message).to.contain("not valid JSON at character").and.not.contain(SECRETS.webhookSecret);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
