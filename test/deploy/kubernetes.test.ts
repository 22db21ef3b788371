/**
 * deploy/kubernetes.yaml against Kubernetes' own schemas (kubernetes-models, generated from the API's
 * OpenAPI), then against the gateway: the probes, port, command and environment are the ones the
 * image and the gateway's configuration have, the secrets come from a Secret, and the limits hold
 * the measured peak memory.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IService } from "kubernetes-models/v1/Service";
import ts from "typescript";
import { parseAllDocuments } from "yaml";
import { SETTING_ENV_NAMES, SETTING_FIELDS } from "../../src/engage/settings";
import { GATEWAY_ENV_NAMES } from "../../src/gateway/config";
import { readAllDocs } from "../support/docs";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { validConnection } from "../support/fixtures";
import { VERIFY_TOKEN } from "../support/gatewayProcess";
import { type RedisServer, startRedisServer } from "../support/redisServer";
import { dockerfile, runLikeTheImage } from "./dockerfile";

const ROOT = path.resolve(__dirname, "..", "..");
const FILE = path.join(ROOT, "deploy", "kubernetes.yaml");
const documents = parseAllDocuments(fs.readFileSync(FILE, "utf8")).map((document) => {
  expect(document.errors, "YAML errors").to.deep.equal([]);
  return document.toJS() as { apiVersion: string; kind: string };
});

/**
 * The model of each kind the manifest may hold; each validates values against the API's schema
 * (types, formats, enums, required fields). The schemas allow unknown fields, which the API server
 * refuses (strict field validation), so typedManifestErrors checks those: each object as a literal
 * of the model's TypeScript interface, where an unknown field at any depth is a compile error.
 */
const INTERFACES: Record<string, [module: string, name: string]> = {
  "v1/ConfigMap": ["kubernetes-models/v1/ConfigMap", "IConfigMap"],
  "v1/Service": ["kubernetes-models/v1/Service", "IService"],
  "apps/v1/Deployment": ["kubernetes-models/apps/v1/Deployment", "IDeployment"],
  "policy/v1/PodDisruptionBudget": [
    "kubernetes-models/policy/v1/PodDisruptionBudget",
    "IPodDisruptionBudget",
  ],
};
/** Model classes as used here (their base class's types need a module resolution this project does not use). */
type Validating = new (data: never) => { validate(): void };
const MODELS: Record<string, () => Promise<Validating>> = {
  "v1/ConfigMap": async () =>
    (await import("kubernetes-models/v1/ConfigMap")).ConfigMap as unknown as Validating,
  "v1/Service": async () => (await import("kubernetes-models/v1/Service")).Service as unknown as Validating,
  "apps/v1/Deployment": async () =>
    (await import("kubernetes-models/apps/v1/Deployment")).Deployment as unknown as Validating,
  "policy/v1/PodDisruptionBudget": async () =>
    (await import("kubernetes-models/policy/v1/PodDisruptionBudget"))
      .PodDisruptionBudget as unknown as Validating,
};

function typedManifestErrors(objects: { apiVersion: string; kind: string }[]): string[] {
  const fileName = path.join(ROOT, "test", "deploy", "kubernetes.manifest-check.ts");
  const source = objects
    .map((object, index) => {
      const [module, name] = INTERFACES[`${object.apiVersion}/${object.kind}`] ?? ["", "never"];
      return `import type { ${name} as T${index} } from "${module}";\nexport const object${index}: T${index} = ${JSON.stringify(object, null, 2)};\n`;
    })
    .join("");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    // kubernetes-models is ESM with `exports` only: resolved as a bundler would.
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, language)
      : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  host.readFile = (name) => (name === fileName ? source : readFile.call(host, name));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

function one<T>(kind: string): T {
  const found = documents.filter((document) => document.kind === kind);
  expect(found, kind).to.have.length(1);
  return found[0] as T;
}

const deployment = one<IDeployment>("Deployment");
const configMap = one<IConfigMap>("ConfigMap");
const service = one<IService>("Service");
const budget = one<IPodDisruptionBudget>("PodDisruptionBudget");
const pod = deployment.spec?.template.spec;
const container = pod?.containers[0];

/** Keys whose values are secret (the redactor's list) or may carry credentials (URLs with user:password@). */
const SECRET_ENV = new Set([
  ...SETTING_FIELDS.filter((field) => field.secret).map((field) => SETTING_ENV_NAMES[field.fieldName]),
  GATEWAY_ENV_NAMES.verifyToken,
  GATEWAY_ENV_NAMES.cognigyEndpointUrl,
  GATEWAY_ENV_NAMES.redisUrl,
]);
const KNOWN_ENV = new Set([
  ...Object.values(SETTING_ENV_NAMES),
  ...Object.values(GATEWAY_ENV_NAMES),
  "GATEWAY_DRAIN_MS",
  "GATEWAY_NOT_READY_MS",
]);

function mebibytes(quantity: string | number | undefined): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  if (!match) throw new Error(`a memory quantity in Mi or Gi, not ${quantity}`);
  return Number(match[1]) * (match[2] === "Gi" ? 1024 : 1);
}

describe("deploy: kubernetes.yaml", () => {
  it("every object is valid against Kubernetes' schema for its kind", async () => {
    expect(documents.map((d) => d.kind)).to.have.members([
      "ConfigMap",
      "Deployment",
      "Service",
      "PodDisruptionBudget",
    ]);
    for (const document of documents) {
      const load = MODELS[`${document.apiVersion}/${document.kind}`];
      expect(load, `a model for ${document.apiVersion} ${document.kind}`).to.be.a("function");
      const Model = await (load as () => Promise<Validating>)();
      expect(() => new Model(document as never).validate(), document.kind).not.to.throw();
    }
  });

  it("has no field the API does not know, at any depth", function () {
    this.timeout(30_000);
    expect(typedManifestErrors(documents)).to.deep.equal([]);
  });

  it("the checks can fail: a wrong type, a misspelt field are refused", async function () {
    this.timeout(30_000);
    const Deployment = await (MODELS["apps/v1/Deployment"] as () => Promise<Validating>)();
    const wrongType = structuredClone(deployment);
    (wrongType.spec as unknown as Record<string, unknown>).replicas = "two";
    expect(() => new Deployment(wrongType as never).validate()).to.throw(/replicas/);
    const misspelt = structuredClone(deployment);
    (misspelt.spec?.template.spec?.containers[0] as unknown as Record<string, unknown>).readinesProbe = {};
    expect(typedManifestErrors([misspelt]).join("\n")).to.contain("readinesProbe");
  });

  it("runs the image's command on the image's port, probes /ready and /health, as a non-root user", () => {
    const image = dockerfile();
    expect(container?.command, "no command: the image's CMD").to.equal(undefined);
    expect(container?.args).to.equal(undefined);
    expect(container?.ports).to.deep.equal([{ name: "http", containerPort: image.port }]);
    expect(container?.readinessProbe?.httpGet).to.deep.equal({ path: "/ready", port: "http" });
    expect(container?.livenessProbe?.httpGet).to.deep.equal({ path: "/health", port: "http" });
    expect(image.user).to.equal("node");
    expect(pod?.securityContext?.runAsNonRoot).to.equal(true);
    expect(pod?.securityContext?.runAsUser, "the node image's `node` user").to.equal(1000);
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    expect(container?.image).to.match(new RegExp(`:${version.replace(/\./g, "\\.")}$`));
  });

  it("runs N replicas behind one Service, and a drain keeps one serving", () => {
    const labels = deployment.spec?.template.metadata?.labels;
    expect(deployment.spec?.replicas).to.be.at.least(2);
    expect(deployment.spec?.selector.matchLabels).to.deep.equal(labels);
    expect(service.spec?.selector).to.deep.equal(labels);
    expect(service.spec?.ports?.[0]?.targetPort).to.equal("http");
    expect(budget.spec?.selector?.matchLabels).to.deep.equal(labels);
    expect(budget.spec?.minAvailable).to.be.within(1, (deployment.spec?.replicas ?? 0) - 1);
  });

  it("the grace period covers not-ready time plus the drain", () => {
    const notReady = Number(configMap.data?.GATEWAY_NOT_READY_MS);
    const drain = 10_000;
    const probe = container?.readinessProbe;
    expect(notReady, "the readiness probe notices first").to.be.at.least(
      (probe?.periodSeconds ?? 10) * (probe?.failureThreshold ?? 3) * 1000,
    );
    expect((pod?.terminationGracePeriodSeconds ?? 30) * 1000).to.be.above(notReady + drain);
  });

  it("asks for memory above the measured peak RSS (README) and limits it above the request", () => {
    const readme = readAllDocs();
    const peak = /peak RSS, 1000 clients × 2 MB unauthenticated\s+(\d+) MB/.exec(readme);
    expect(peak, "the README's measured peak RSS row").to.not.equal(null);
    const request = mebibytes(container?.resources?.requests?.memory);
    const limit = mebibytes(container?.resources?.limits?.memory);
    expect(request).to.be.at.least(Number(peak?.[1]));
    expect(limit).to.be.above(request);
  });

  it("takes every secret from a Secret, the rest from the ConfigMap; every name is one the gateway reads", () => {
    const env = container?.env ?? [];
    const fromSecret = env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
    expect(new Set(fromSecret)).to.deep.equal(SECRET_ENV);
    expect(
      env.filter((e) => e.value !== undefined),
      "no literal values in the pod spec",
    ).to.deep.equal([]);
    expect(container?.envFrom).to.deep.equal([{ configMapRef: { name: configMap.metadata?.name } }]);
    for (const name of [...fromSecret, ...Object.keys(configMap.data ?? {})])
      expect(KNOWN_ENV.has(name), `${name} is read by the gateway`).to.equal(true);
    for (const name of Object.keys(configMap.data ?? {}))
      expect(SECRET_ENV.has(name), `${name} belongs in the Secret`).to.equal(false);
  });

  describe("its environment is a whole configuration", function () {
    this.timeout(30_000);
    let cognigy: FakeCognigy;
    let redis: RedisServer;
    before(async () => {
      cognigy = await startFakeCognigy();
      redis = await startRedisServer();
    });
    after(async () => {
      await redis?.stop();
      await cognigy?.close();
    });

    it("the gateway starts on exactly the manifest's variables (test values) and is ready with Redis", async () => {
      const connection = validConnection();
      const testValue: Record<string, string> = {
        [GATEWAY_ENV_NAMES.verifyToken]: VERIFY_TOKEN,
        [GATEWAY_ENV_NAMES.cognigyEndpointUrl]: cognigy.url,
        [GATEWAY_ENV_NAMES.redisUrl]: redis.url,
        GATEWAY_LOG_LEVEL: "warn",
        // The manifest's 10 s would only slow the stop below; the probe/grace arithmetic is checked above.
        GATEWAY_NOT_READY_MS: "0",
      };
      for (const field of SETTING_FIELDS)
        testValue[SETTING_ENV_NAMES[field.fieldName]] = String(connection[field.fieldName]);
      const names = [...(container?.env ?? []).map((e) => e.name), ...Object.keys(configMap.data ?? {})];
      const env: Record<string, string> = {};
      for (const name of names) env[name] = testValue[name] ?? String(configMap.data?.[name]);
      const gateway = await runLikeTheImage(env);
      try {
        const ready = await fetch(`${gateway.origin}/ready`);
        expect(ready.status, await ready.text()).to.equal(200);
      } finally {
        expect(await gateway.stop()).to.equal(0);
      }
    });
  });
});
