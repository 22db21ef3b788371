/**
 * The simulator's strict parameter hook (strictParams.ts, called from test/simulator/rest/index.ts):
 * operations in the contract table refuse undeclared names and values outside an enum with 400 and
 * RCE's error body; everything else passes through to the simulator unchanged.
 */
import { expect } from "chai";
import { type RceSimulator, startRceSimulator } from "../simulator";

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

describe("contract: the simulator's strict parameter hook", () => {
  let sim: RceSimulator;

  before(async () => {
    sim = await startRceSimulator({ importDelayMs: 1 });
  });
  after(async () => {
    await sim.close();
  });

  async function api(
    path: string,
    init: { method?: string; body?: string; type?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${sim.defaults.apiAccessToken}` };
    if (init.type) headers["content-type"] = init.type;
    const res = await fetch(`${sim.baseApiUrl}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body,
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: leave empty
    }
    return { status: res.status, json };
  }

  function expectRefused(answer: Answer, mentions: string): void {
    expect(answer.status).to.equal(400);
    expect(answer.json).to.have.all.keys("error", "message", "status");
    expect(answer.json).to.include({ error: "invalid_parameter", status: 400 });
    expect(String(answer.json.message)).to.include(mentions);
  }

  function expectPassed(answer: Answer): void {
    expect(answer.json.error, JSON.stringify(answer.json)).not.to.equal("invalid_parameter");
  }

  it("refuses a query name the spec does not declare for the operation", async () => {
    expectRefused(await api("/interventions?thread_idz=t1"), "thread_idz");
    expectRefused(await api("/content_threads?query=x"), "query");
  });

  it("refuses a value outside the spec's enum", async () => {
    expectRefused(await api("/interventions?status=open"), "status=open");
    expectRefused(await api("/content_sources?permission=reply"), "permission=reply");
  });

  it("accepts declared names and enum values, access_token, and identity_id as one value or x[]", async () => {
    expect((await api("/interventions?status=closed&sort=updated_at&limit=5")).status).to.equal(200);
    expect((await api("/interventions?identity_id[]=a&identity_id[]=b")).status).to.equal(200);
    expect((await api(`/webhooks?access_token=${sim.defaults.apiAccessToken}&offset=0`)).status).to.equal(
      200,
    );
    expect((await api(`/status?source_ids[]=${sim.defaults.sourceId}`)).status).to.equal(200);
  });

  it("checks PUT parameters wherever they come from: query, form body or JSON body", async () => {
    const path = "/content_threads/0123456789abcdef01234567/update_categories";
    expectRefused(await api(`${path}?colour=red`, { method: "PUT" }), "colour");
    expectRefused(
      await api(path, { method: "PUT", body: "colour=red", type: "application/x-www-form-urlencoded" }),
      "colour",
    );
    expectRefused(
      await api(path, { method: "PUT", body: '{"colour":"red"}', type: "application/json" }),
      "colour",
    );
    // Declared names pass to the simulator (which answers 404 for this unknown thread).
    expectPassed(await api(`${path}?thread_category_ids[]=${sim.defaults.botCategoryId}`, { method: "PUT" }));
    expectPassed(
      await api(path, {
        method: "PUT",
        body: JSON.stringify({ thread_category_ids: [sim.defaults.botCategoryId] }),
        type: "application/json",
      }),
    );
    expectPassed(
      await api("/identity_groups/0123456789abcdef01234567", {
        method: "PUT",
        body: JSON.stringify({
          emails: ["a@example.com"],
          custom_field_values: { plan: "gold" },
          gender: "woman",
        }),
        type: "application/json",
      }),
    );
    expectRefused(
      await api("/identity_groups/0123456789abcdef01234567?gender=other", { method: "PUT" }),
      "gender=other",
    );
  });

  it("lets operations outside the table, and unknown routes, through unchanged", async () => {
    expectPassed(await api("/communities?whatever=1"));
    expect((await api("/no_such_thing?whatever=1")).status).to.equal(404);
    // Permission names of PUT sources_permissions are listed in a description, not an enum: the
    // simulator's own answer stands.
    const agent = sim.defaults.secondAgentUserId;
    expectPassed(
      await api(`/users/${agent}/sources_permissions?${sim.defaults.sourceId}=fly`, { method: "PUT" }),
    );
  });
});
