/**
 * The behaviour module on its own (source, not the bundle) for answers the node tests do not reach:
 * RCE lists that ignore a filter, and Send API refusals that do not judge the signature.
 */
import { expect } from "chai";
import { createEngageClient } from "../../src/engage/client";
import { checkSetup } from "../../src/nodes/checkSetup/checkSetup";
import type { SetupReport } from "../../src/nodes/checkSetup/report";
import { startWorld, type World } from "../support/e2e";

const RETRY = { baseDelayMs: 1, maxDelayMs: 2, rateLimitDelayMs: 1 };

describe("checkSetup: behaviour against the simulator", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => world.close());

  const run = () => checkSetup(createEngageClient(world.connection, { retry: RETRY }));
  const statusOf = (report: SetupReport, id: string) => report.checks.find((c) => c.id === id)?.status;

  it("looks a category up by id when the filtered list leaves it out", async () => {
    world.sim.faults.failWith("GET", /^\/1\.0\/categories$/, 200, {
      body: { count: 0, offset: 0, limit: 30, records: [] },
    });
    const report = await run();
    expect(statusOf(report, "categories")).to.equal("pass");
    expect(world.sim.countRequests("GET", /\/categories\/\w+$/)).to.equal(2);
  });

  it("claims nothing about the signature when RCE refuses the request for another reason", async () => {
    world.sim.faults.failWith("POST", /\/realtime\/sdk\//, 422, { body: "Invalid action" });
    const report = await run();
    const realtime = report.checks.find((c) => c.id === "realtimeSignature");
    expect(realtime?.status).to.equal("cannot check");
    expect(realtime?.detail).to.contain("Invalid action");
    // Nothing was verified about the token, so the setup is not reported as passed either.
    expect(report.status).to.equal("failed");
  });

  it("fails on an unreachable Realtime Endpoint URL host", async () => {
    world.sim.faults.reset("POST", /\/realtime\/sdk\//);
    const report = await run();
    expect(statusOf(report, "realtimeSignature")).to.equal("fail");
  });

  it("reads a 403 'invalid_access_token' as a refused token (step 1), not a missing permission", async () => {
    world.sim.settings.authErrorStatus = 403;
    const report = await checkSetup(
      createEngageClient(
        { ...world.connection, apiAccessToken: "not-the-right-token-123" },
        { retry: RETRY },
      ),
    );
    const api = report.checks.find((c) => c.id === "api");
    expect(api?.status).to.equal("fail");
    expect(api?.fix?.step).to.equal(1);
    expect(report.status).to.equal("failed");
  });

  it("treats a Base API URL that answers HTML as the wrong host (step 6)", async () => {
    world.sim.faults.malformed("GET", /categories/, "html");
    const report = await run();
    const api = report.checks.find((c) => c.id === "api");
    expect(api?.status).to.equal("fail");
    expect(api?.fix?.step).to.equal(6);
  });
});
