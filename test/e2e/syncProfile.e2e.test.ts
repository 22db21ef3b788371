import { expect } from "chai";
import { allText, expectNoViolations, runNode } from "../harness";
import { builtExtension, builtNode, secretValues, startWorld, type World } from "../support/e2e";

const TYPE = "rceSyncProfile";
const profile = {
  firstname: "Ada",
  lastname: "Lovelace",
  email: "ada@example.com",
  gender: "female",
  customerNumber: 1815,
  address: { city: "London" },
  accepted_gdpr: true,
};

describe("Sync Profile against the RCE simulator (built bundle)", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => world.close());

  const run = (
    config: Record<string, unknown> = {},
    extra: { profile?: Record<string, unknown>; input?: Record<string, unknown> } = {},
  ) =>
    runNode(builtNode(TYPE), {
      config: { connection: world.connection, ...config },
      profile: extra.profile ?? profile,
      input: { userId: "cognigy-user-42", ...extra.input },
      nodes: builtExtension().nodes,
    });

  it("creates the RCE identity with the mapped user in one request", async () => {
    const result = await run();
    expectNoViolations(result);
    expect(result.nextNode?.type).to.equal("rceSyncProfileOnSuccess");
    await world.sim.waitForImports();
    const identities = [...world.sim.store.identities.values()].filter(
      (i) => i.foreign_id === "cognigy-user-42",
    );
    expect(identities).to.have.length(1);
    expect(identities[0]).to.include({
      screenname: "Ada Lovelace",
      firstname: "Ada",
      email: "ada@example.com",
      gender: "woman",
    });
    expect(world.sim.countRequests()).to.equal(1);
    const stored = result.input.rceProfile as Record<string, unknown>;
    expect(stored).to.include({ status: "synced", rceRequests: 1, privacyMode: false });
    expect(stored.contextDataKeys).to.deep.equal({
      customerNumber: "customer-number",
      "address.city": "address-city",
    });
    expect(stored.dropped).to.deep.include({ key: "accepted_gdpr", reason: "internal Cognigy field" });
    expect(result.apiCallCount).to.be.at.most(4);
  });

  it("stores in the context when asked", async () => {
    const result = await run({ storeLocation: "context", contextKey: "crm.rce" });
    expectNoViolations(result);
    expect(result.context).to.have.nested.property("crm.rce.status", "synced");
  });

  it("updates the customer record (identity group) when asked and RCE has one", async () => {
    await run();
    await world.sim.waitForImports();
    const result = await run({ updateIdentityGroup: true });
    expectNoViolations(result);
    const stored = result.input.rceProfile as { identityGroup: { status: string; fields: string[] } };
    expect(stored.identityGroup.status).to.equal("updated");
    expect(stored.identityGroup.fields).to.have.members(["firstname", "lastname", "gender", "emails"]);
    expect(world.sim.countRequests("PUT", /identity_groups/)).to.equal(1);
  });

  it("explains a skipped customer record update before RCE imported the user", async () => {
    world.sim.setImportDelay(500);
    const result = await run({ updateIdentityGroup: true });
    expectNoViolations(result);
    expect(
      (result.input.rceProfile as { identityGroup: { status: string; reason: string } }).identityGroup,
    ).to.include({ status: "skipped" });
  });

  it("sends only id and an anonymous name when the user asked for no data collection", async () => {
    const result = await run({}, { profile: { ...profile, prevent_data_collection: true } });
    expectNoViolations(result);
    await world.sim.waitForImports();
    const identity = [...world.sim.store.identities.values()].find((i) => i.foreign_id === "cognigy-user-42");
    expect(identity?.screenname).to.equal("Customer user42");
    expect(identity?.email ?? null).to.equal(null);
  });

  it("takes the error branch with a fix for a wrong Realtime Access Token", async () => {
    const result = await run({
      connection: { ...world.connection, realtimeAccessToken: "wrong-token-1234567890" },
    });
    expectNoViolations(result);
    expect(result.nextNode?.type).to.equal("rceSyncProfileOnError");
    const stored = result.input.rceProfile as { status: string; error: { kind: string; message: string } };
    expect(stored.status).to.equal("error");
    expect(stored.error.kind).to.equal("auth");
    expect(stored.error.message).to.contain("Check the Realtime Access Token");
    expect(result.logs.map((l) => l.level)).to.deep.equal(["error"]);
  });

  it("takes the error branch for a bad connection and a bad mapping, naming the field", async () => {
    const bad = await run({ connection: { ...world.connection, agentCategoryId: "" } });
    expectNoViolations(bad);
    expect(bad.nextNode?.type).to.equal("rceSyncProfileOnError");
    expect((bad.input.rceProfile as { error: { message: string } }).error.message).to.contain(
      "Agent Category ID is empty",
    );
    const mapping = await run({ mapping: { phone: "telephone" } });
    expect(
      (mapping.input.rceProfile as { error: { message: string; fields: string[] } }).error.fields,
    ).to.deep.equal(["Profile mapping"]);
    expect(world.sim.countRequests()).to.equal(0);
  });

  it("ends on the error branch within the time budget when RCE hangs", async () => {
    world.sim.faults.delay("POST", /realtime/, 5000);
    const result = await run({ timeBudgetMs: 1000 });
    expectNoViolations(result);
    expect(result.nextNode?.type).to.equal("rceSyncProfileOnError");
    expect((result.input.rceProfile as { error: { kind: string } }).error.kind).to.equal("timeout");
    expect(result.durationMs).to.be.below(2000);
  });

  it("stays inside Cognigy's 62 KB per value with a huge profile", async () => {
    const huge: Record<string, unknown> = { firstname: "Ada" };
    for (let i = 0; i < 600; i++) huge[`field_${i}`] = "v".repeat(2000);
    const result = await run({}, { profile: huge });
    expectNoViolations(result);
    expect(result.nextNode?.type).to.equal("rceSyncProfileOnSuccess");
    const stored = result.input.rceProfile as { droppedCount: number; dropped: unknown[] };
    expect(stored.droppedCount).to.be.greaterThan(500);
    expect(stored.dropped).to.have.length(50);
    expect(Buffer.byteLength(JSON.stringify(stored))).to.be.below(62 * 1024);
  });

  it("never shows a secret anywhere, on success or failure", async () => {
    const secrets = secretValues(world.connection);
    const ok = await run();
    world.sim.faults.failWith("POST", /realtime/, 422, {
      body: `Invalid signature ${world.connection.realtimeAccessToken}`,
    });
    const failed = await run();
    for (const result of [ok, failed]) {
      const text = allText(result);
      for (const secret of secrets) expect(text).to.not.contain(secret);
    }
  });
});
