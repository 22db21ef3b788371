/**
 * /metrics of the built gateway through Prometheus' own linter, `promtool check metrics` (Debian's
 * package prometheus), after traffic of every kind so each labelled series is present: 0 findings.
 */
import { expect } from "chai";
import { signBody } from "../../src/engage/signature";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS } from "../support/fixtures";
import { type GatewayProcess, startGatewayProcess } from "../support/gatewayProcess";
import { runProgram } from "../support/programs";
import { type Exchange, exchange } from "../support/socketHttp";

describe("deploy: /metrics through promtool check metrics", function () {
  this.timeout(30_000);
  let cognigy: FakeCognigy;
  let gateway: GatewayProcess;

  before(async () => {
    cognigy = await startFakeCognigy();
    gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url });
  });
  after(async () => {
    await gateway?.stop();
    await cognigy?.close();
  });

  it("has 0 findings after health, ready, refused, signed and webhook requests", async () => {
    const origin = gateway.origin;
    const body = JSON.stringify({ jsonrpc: "2.0", method: "implementation.info", params: {}, id: "1" });
    const requests: Omit<Exchange, "origin">[] = [
      { path: "/health" },
      { path: "/ready" },
      { path: "/nowhere" },
      { method: "POST", path: "/handover/rce", headers: { "content-length": 2 }, body: Buffer.from("{}") },
      {
        method: "POST",
        path: "/handover/rce",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken),
        },
        body: Buffer.from(body),
      },
      {
        method: "POST",
        path: "/handover/rce",
        headers: {
          "content-type": "application/json",
          "content-length": 2,
          "x-dimelo-secret": SECRETS.webhookSecret,
        },
        body: Buffer.from("{}"),
      },
    ];
    const statuses = [];
    for (const request of requests) statuses.push((await exchange({ origin, ...request })).status);
    expect(statuses.slice(0, 4)).to.deep.equal([200, 200, 404, 401]);
    const metrics = await exchange({ origin, path: "/metrics" });
    expect(metrics.status).to.equal(200);
    expect(metrics.body).to.contain("gateway_requests_total{");
    const result = await runProgram("promtool", ["check", "metrics"], { input: metrics.body });
    expect(result.stdout + result.stderr, "promtool's findings").to.equal("");
    expect(result.code).to.equal(0);
  });
});
