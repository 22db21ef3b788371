/**
 * The production run: the built file alone with plain `node` (the Dockerfile's and the systemd
 * unit's command), the README's first start as written, signals reaching node, a graceful drain.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { signBody } from "../../src/engage/signature";
import { DOCS, readDoc } from "../support/docs";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS, validConnection } from "../support/fixtures";
import { IMAGE_COMMAND, startGatewayProcess, VERIFY_TOKEN } from "../support/gatewayProcess";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("gateway: production run (built file, plain node)", function () {
  this.timeout(30_000);
  let cognigy: FakeCognigy;
  beforeEach(async () => {
    cognigy = await startFakeCognigy();
  });
  afterEach(async () => cognigy.close());

  it("the Dockerfile runs `node gateway.js` as a non-root user with a HEALTHCHECK, as the tests do", () => {
    const dockerfile = read("deploy/Dockerfile");
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(JSON.parse(cmd?.[1] ?? "[]")).to.deep.equal(IMAGE_COMMAND);
    expect(dockerfile).to.match(/^USER node$/m);
    expect(dockerfile).to.match(/^HEALTHCHECK /m);
    expect(dockerfile).to.contain("COPY --from=build --chown=root:root /src/dist/gateway.js /app/gateway.js");
    const unit = read("deploy/rce-cognigy-gateway.service");
    expect(unit).to.match(
      /^ExecStart=\/opt\/rce-cognigy-gateway\/node\/bin\/node \/opt\/rce-cognigy-gateway\/gateway\.js --config /m,
    );
    expect(unit).to.match(/^User=rce-gateway$/m);
  });

  it("starts from the built file alone, configured from the environment; health check, /ready and /metrics answer", async () => {
    const gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url }, {}, "env");
    try {
      expect(fs.readdirSync(gateway.dir)).to.deep.equal(["gateway.js"]);
      const port = new URL(gateway.origin).port;
      const healthcheck = /^HEALTHCHECK .*CMD (\[.*\])$/m.exec(
        read("deploy/Dockerfile").replace(/\\\n\s*/g, ""),
      );
      const [, ...args] = JSON.parse(healthcheck?.[1] ?? "[]") as string[];
      const code = await new Promise<number>((resolve) =>
        execFile(process.execPath, args, { env: { GATEWAY_PORT: port } }, (error) =>
          resolve(error ? Number(error.code ?? 1) : 0),
        ),
      );
      expect(code, "the image's HEALTHCHECK command").to.equal(0);
      expect((await fetch(`${gateway.origin}/ready`)).status).to.equal(200);
      expect(await (await fetch(`${gateway.origin}/metrics`)).text()).to.contain("gateway_requests_total");
    } finally {
      expect(await gateway.stop()).to.equal(0);
    }
  });

  it("the README's first start works as written: copy the example, fill it in, node dist/gateway.js --config gateway.json", async () => {
    const readme = readDoc(DOCS.readme);
    expect(readme).to.contain("cp gateway.example.json gateway.json");
    expect(readme).to.contain("node dist/gateway.js --config gateway.json");
    const example = JSON.parse(read("gateway.example.json")) as Record<string, unknown>;
    // Only the listening address differs: the test picks a free loopback port.
    const { host: _host, port: _port, ...rest } = example;
    const filled = {
      ...rest,
      ...validConnection(),
      verifyToken: VERIFY_TOKEN,
      cognigyEndpointUrl: cognigy.url,
    };
    const gateway = await startGatewayProcess(filled);
    try {
      expect((await fetch(`${gateway.origin}/health`)).status).to.equal(200);
    } finally {
      await gateway.stop();
    }
  });

  it("SIGTERM drains: a reply in flight is delivered and answered, then node exits 0 and the port is closed", async () => {
    const gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url, logLevel: "info" });
    cognigy.setDelay(800);
    const body = JSON.stringify({
      action: "messages.create",
      params: {
        thread_id: threadIdFor({ URLToken: "abc123", userId: "u", sessionId: "s" }),
        body: "Still here",
        content_id: "drain-1",
      },
      time: new Date().toISOString(),
    });
    const inFlight = fetch(gateway.url, {
      method: "POST",
      body,
      headers: { "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken) },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const code = gateway.stop("SIGTERM");
    const answer = await inFlight;
    expect(answer.status).to.equal(200);
    expect(await answer.json()).to.have.property("id");
    expect(await code).to.equal(0);
    expect(Date.now() - started).to.be.below(5000);
    expect(cognigy.delivered("notify")).to.have.length(1);
    const after = await fetch(`${gateway.origin}/health`).catch((error: Error) => error);
    expect(after).to.be.instanceOf(Error);
    const output = gateway.output.join("\n");
    expect(output).to.contain('"event":"gateway_stopping"');
    for (const secret of [...Object.values(SECRETS), VERIFY_TOKEN]) expect(output).to.not.contain(secret);
  });
});
