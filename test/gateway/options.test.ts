/**
 * Every gateway option, from the one table (src/gateway/options.ts): read from the file and from its
 * environment variable, its default, a bad value refused naming the key as written. A new row is
 * tested here without a new test; a text row needs a sample below.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { SETTING_ENV_NAMES } from "../../src/engage/settings";
import { describeGatewayConfig, type GatewayConfig, loadGatewayConfig } from "../../src/gateway/config";
import { GATEWAY_OPTIONS } from "../../src/gateway/options";
import type { OptionRow } from "../../src/options/table";
import { SECRETS, validConnection } from "../support/fixtures";

const VERIFY = "vT0ken-3f9c2a71d8e4b605";
const REQUIRED = { verifyToken: VERIFY, cognigyEndpointUrl: "https://endpoint.example.com" };
const REQUIRED_ENV: Record<string, string> = {
  GATEWAY_VERIFY_TOKEN: REQUIRED.verifyToken,
  COGNIGY_ENDPOINT_URL: REQUIRED.cognigyEndpointUrl,
};

/** A valid value other than the default, and a wrong one, for each text or list row. */
const TEXT_SAMPLES: Record<string, { good: unknown; bad: unknown }> = {
  verifyToken: { good: "another-verify-t0ken-8d2e", bad: "short" },
  cognigyEndpointUrl: { good: "https://endpoint-trial.cognigy.ai", bad: "endpoint-trial.cognigy.ai" },
  host: { good: "127.0.0.1", bad: "x".repeat(256) },
  path: { good: "/rce/in", bad: "/with space" },
  botUserId: { good: "our-bot", bad: "x".repeat(256) },
  botName: { good: "Our Bot", bad: "x".repeat(256) },
  agentUserId: { good: "our-agent", bad: "x".repeat(256) },
  agentName: { good: "Our Agent", bad: "x".repeat(256) },
  redisUrl: { good: "redis://127.0.0.1:6390/2", bad: "http://127.0.0.1:6379" },
  redisKeyPrefix: { good: "gw-b:", bad: "{braces}" },
  trustedProxies: { good: ["10.0.0.9", "::1"], bad: ["10.0.0.9", "proxy.internal"] },
};

const GATEWAY_ENV = Object.fromEntries(Object.entries(GATEWAY_OPTIONS).map(([key, row]) => [key, row.env]));

function sampleOf(key: string, row: OptionRow): { good: unknown; bad: unknown } {
  switch (row.kind) {
    case "integer":
      return { good: row.default === row.min ? row.max : row.min, bad: row.max + 1 };
    case "boolean":
      return { good: !row.default, bad: "yes" };
    case "choice":
      return { good: row.values.find((v) => v !== row.default), bad: "loud" };
    case "list":
    case "text": {
      const sample = TEXT_SAMPLES[key];
      if (!sample) throw new Error(`give the new ${row.kind} option ${key} a sample in TEXT_SAMPLES`);
      return sample;
    }
  }
}

const connectionEnv = Object.fromEntries(
  Object.entries(validConnection()).map(([k, v]) => [
    SETTING_ENV_NAMES[k as keyof typeof SETTING_ENV_NAMES],
    v,
  ]),
) as Record<string, string>;

function fileConfig(extra: Record<string, unknown>, env: Record<string, string> = {}) {
  return loadGatewayConfigFromObject({ ...validConnection(), ...REQUIRED, ...extra }, env);
}

/** loadGatewayConfig with a file holding `file`, through a temp file, as production reads it. */
function loadGatewayConfigFromObject(file: Record<string, unknown>, env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-options-"));
  const name = path.join(dir, "gateway.json");
  fs.writeFileSync(name, JSON.stringify(file));
  try {
    return loadGatewayConfig(["--config", name], env);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

/** What the echo says about a value: itself, or its shown form (a URL without its password). */
function echoed(config: GatewayConfig, key: string): unknown {
  return describeGatewayConfig(config)[key];
}

describe("gateway/options: every row of the table", () => {
  for (const [key, row] of Object.entries(GATEWAY_OPTIONS) as [string, OptionRow][]) {
    const { good, bad } = sampleOf(key, row);
    describe(`${key} / ${row.env}`, () => {
      it("has its default when absent (or is required)", () => {
        if (row.required) {
          const { [row.env]: _given, ...rest } = REQUIRED_ENV;
          const message = problemOf(() => loadGatewayConfig([], { ...connectionEnv, ...rest }));
          expect(message).to.contain(`${key} is missing (environment ${row.env})`);
          return;
        }
        const config = loadGatewayConfig([], { ...connectionEnv, ...REQUIRED_ENV });
        expect(echoed(config, key)).to.deep.equal(row.default);
      });

      it("is read from the file", () => {
        const config = fileConfig({ [key]: good });
        const shown = row.secret ? `set, ${String(good).length} characters` : good;
        expect(echoed(config, key)).to.deep.equal(shown);
      });

      it("is read from its environment variable, the file winning over it", () => {
        const env = { ...connectionEnv, ...REQUIRED_ENV, [row.env]: String(good) };
        const config = loadGatewayConfig([], env);
        const shown = row.secret ? `set, ${String(good).length} characters` : good;
        expect(echoed(config, key)).to.deep.equal(shown);
        if (!row.required && row.default !== undefined) {
          const fromFile = fileConfig({ [key]: row.default }, { [row.env]: String(good) });
          expect(echoed(fromFile, key)).to.deep.equal(row.default);
        }
      });

      it("refuses a bad value, naming the file key or the variable, with the allowed form", () => {
        const inFile = problemOf(() => fileConfig({ [key]: bad }));
        expect(inFile).to.contain(`${key} (environment ${row.env})`);
        if (row.kind === "choice") expect(inFile).to.contain(`one of ${row.values.join(", ")}`);
        if (row.kind === "integer") expect(inFile).to.contain(`an integer from ${row.min} to ${row.max}`);
        const env = { ...connectionEnv, ...REQUIRED_ENV, [row.env]: String(bad) };
        const inEnv = problemOf(() => loadGatewayConfig([], env));
        expect(inEnv).to.contain(`${row.env} (file key ${key})`);
        if (row.secret) expect(inEnv).to.not.contain(String(bad));
      });
    });
  }

  it("environment numbers and switches are checked, not guessed: abc, -5, yes are refused; TRUE is true", () => {
    const env = { ...connectionEnv, ...REQUIRED_ENV } as Record<string, string>;
    for (const [name, value] of [
      ["GATEWAY_DRAIN_MS", "abc"],
      ["GATEWAY_DRAIN_MS", "-5"],
      ["GATEWAY_NOT_READY_MS", "1.5"],
      ["GATEWAY_AGENT_ATTACHMENTS", "yes"],
      ["GATEWAY_DECLARE_THREADS", "1"],
    ])
      expect(
        problemOf(() => loadGatewayConfig([], { ...env, [name]: value })),
        `${name}=${value}`,
      ).to.contain(name);
    expect(loadGatewayConfig([], { ...env, GATEWAY_AGENT_ATTACHMENTS: "TRUE" }).agentAttachments).to.equal(
      true,
    );
    expect(loadGatewayConfig([], { ...env, GATEWAY_DRAIN_MS: "2500" }).drainMs).to.equal(2500);
  });

  it("reads PORT when GATEWAY_PORT is unset", () => {
    const env = { ...connectionEnv, ...REQUIRED_ENV } as Record<string, string>;
    expect(loadGatewayConfig([], { ...env, PORT: "9191" }).port).to.equal(9191);
    expect(loadGatewayConfig([], { ...env, PORT: "9191", GATEWAY_PORT: "9292" }).port).to.equal(9292);
  });

  it("keeps the fixtures' secrets out of every message", () => {
    const message = problemOf(() => fileConfig({ port: "x", verifyToken: SECRETS.webhookSecret }));
    for (const secret of Object.values(SECRETS)) expect(message).to.not.contain(secret);
  });
});

describe("gateway/options: no message quotes a secret", () => {
  const secrets = {
    webhookSecret: "wh-S3cret-a81f0c9e7d2b4c15",
    verifyToken: "vT-7e2d9a0b4c6f18e3a5d1",
    apiAccessToken: SECRETS.apiAccessToken,
    realtimeAccessToken: SECRETS.realtimeAccessToken,
  };
  const base = { ...validConnection(), ...REQUIRED, ...secrets };

  /** Every option given a wrong value, and every secret pasted under every other key. */
  function attempts(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const keys = [...Object.keys(validConnection()), ...Object.keys(GATEWAY_OPTIONS)];
    for (const key of keys) {
      for (const secret of Object.values(secrets)) out.push({ [key]: secret }, { [key]: `${secret} x` });
      out.push({ [key]: 42 }, { [key]: ["list"] }, { [key]: "" });
    }
    for (const secret of Object.values(secrets)) out.push({ [secret]: 1 }, { [`${secret.slice(0, 10)}`]: 1 });
    out.push({ redisUrl: `redis://:${secrets.verifyToken}%zz@h:6379` });
    out.push({ cognigyEndpointUrl: `https://u:${secrets.verifyToken}@e.example.com/?q=1` });
    return out;
  }

  it("whatever is wrong, from the file or the environment", () => {
    let refused = 0;
    for (const change of attempts()) {
      const given = { ...base, ...change };
      const messages: string[] = [];
      for (const run of [
        () => fileConfig(given),
        () =>
          loadGatewayConfig(
            [],
            Object.fromEntries(
              Object.entries(given)
                .filter(([key]) => key in SETTING_ENV_NAMES || key in GATEWAY_OPTIONS)
                .map(([key, value]) => [
                  ({ ...SETTING_ENV_NAMES, ...GATEWAY_ENV } as Record<string, string>)[key],
                  String(value),
                ]),
            ),
          ),
      ]) {
        try {
          run();
        } catch (error) {
          messages.push(`${(error as Error).message} ${JSON.stringify(error)}`);
        }
      }
      refused += messages.length;
      for (const message of messages)
        for (const secret of Object.values(secrets))
          expect(message, `${JSON.stringify(Object.keys(change))}: ${message}`).to.not.contain(secret);
    }
    expect(refused).to.be.greaterThan(attempts().length); // most attempts fail in both forms
  });
});
