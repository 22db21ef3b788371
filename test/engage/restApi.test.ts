import { expect } from "chai";
import nock from "nock";
import { createEngageClient } from "../../src/engage/client";
import {
  AGENT_CATEGORY,
  BOT_CATEGORY,
  expectEngageError,
  SECRETS,
  SOURCE_ID,
  secretsIn,
  validConnection,
} from "../support/fixtures";

const API = "https://acme.api.engagement.dimelo.com";
const thread = (overrides: Record<string, unknown> = {}) => ({
  id: "t1",
  source_id: SOURCE_ID,
  foreign_id: "session-1",
  thread_category_ids: [BOT_CATEGORY],
  category_ids: [BOT_CATEGORY],
  ...overrides,
});

function client(retry = { baseDelayMs: 1, maxDelayMs: 2, rateLimitDelayMs: 1 }) {
  return createEngageClient(validConnection(), { retry, requestTimeoutMs: 500 });
}

describe("engage/restApi: REST calls over HTTP (nock)", () => {
  before(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  after(() => nock.enableNetConnect());

  it("sends the Bearer token and the documented q search", async () => {
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${SECRETS.apiAccessToken}` } })
      .get("/1.0/content_threads")
      .query({ q: `source:${SOURCE_ID} foreign:session-1`, limit: "20" })
      .reply(200, { count: 1, offset: 0, limit: 5, records: [{ ...thread(), foreign_id: "session-1" }] });
    const result = await client().rest.findThread("session-1");
    expect(result).to.deep.include({ searches: 1 });
    expect(result.thread?.id).to.equal("t1");
    scope.done();
  });

  it("quotes search values that contain spaces", async () => {
    const scope = nock(API)
      .get("/1.0/content_threads")
      .query({ q: `source:${SOURCE_ID} foreign:"a b"`, limit: "20" })
      .reply(200, { count: 0, offset: 0, limit: 5, records: [] });
    expect(await client().rest.findThread('a "b')).to.deep.equal({ searches: 1 });
    scope.done();
  });

  it("replaces categories with thread_category_ids[] query parameters", async () => {
    const scope = nock(API)
      .put("/1.0/content_threads/t1/update_categories")
      .query((q) => JSON.stringify(q["thread_category_ids[]"]) === JSON.stringify([AGENT_CATEGORY, "x1"]))
      .reply(200, thread({ thread_category_ids: [AGENT_CATEGORY, "x1"] }));
    const result = await client().rest.updateThreadCategories("t1", [AGENT_CATEGORY, "x1", AGENT_CATEGORY]);
    expect(result.thread_category_ids).to.deep.equal([AGENT_CATEGORY, "x1"]);
    scope.done();
  });

  it("retries update_categories while RCE answers 409 (categorisation running)", async () => {
    const scope = nock(API)
      .put("/1.0/content_threads/t1/update_categories")
      .query(true)
      .reply(409, { error: "categorization_in_progress", message: "Already categorizing", status: 409 })
      .put("/1.0/content_threads/t1/update_categories")
      .query(true)
      .reply(200, thread({ thread_category_ids: [AGENT_CATEGORY] }));
    const c = client();
    await c.rest.updateThreadCategories("t1", [AGENT_CATEGORY]);
    expect(c.stats()).to.deep.equal({ requests: 2, retries: 1 });
    scope.done();
  });

  it("follows offset/limit paging up to count", async () => {
    const records = Array.from({ length: 160 }, (_, i) => ({ id: `c${i}`, name: `Category ${i}` }));
    const scope = nock(API)
      .get("/1.0/categories")
      .query({ offset: "0", limit: "150" })
      .reply(200, { count: 160, offset: 0, limit: 150, records: records.slice(0, 150) })
      .get("/1.0/categories")
      .query({ offset: "150", limit: "150" })
      .reply(200, { count: 160, offset: 150, limit: 150, records: records.slice(150) });
    const rest = client().rest;
    const all = await rest.collect((p) => rest.listCategories({}, p));
    expect(all).to.have.length(160);
    scope.done();
  });

  it("turns a non-JSON answer into bad_response pointing at Base API URL", async () => {
    nock(API)
      .get("/1.0/content_threads/t1")
      .reply(200, "<!doctype html><html>Login</html>", { "content-type": "text/html" });
    const error = await expectEngageError(client().rest.getThread("t1"));
    expect(error.kind).to.equal("bad_response");
    expect(error.message).to.contain("HTML page");
    expect(error.message).to.contain("Base API URL");
  });

  it("turns a body of the wrong shape into bad_response naming the field", async () => {
    nock(API)
      .get("/1.0/content_threads/t1")
      .reply(200, { id: "t1", source_id: SOURCE_ID, thread_category_ids: "Bot" });
    const error = await expectEngageError(client().rest.getThread("t1"));
    expect(error.kind).to.equal("bad_response");
    expect(error.message).to.contain("thread_category_ids must be array");
  });

  it("maps RCE's error body and keeps its identifier", async () => {
    nock(API)
      .get("/1.0/content_threads/t1")
      .reply(401, { error: "invalid_access_token", message: "Invalid access token", status: 401 });
    const error = await expectEngageError(client().rest.getThread("t1"));
    expect(error.kind).to.equal("auth");
    expect(error.details).to.include({ status: 401, rceError: "invalid_access_token" });
    expect(error.message).to.contain("Check the API Access Token");
  });

  it("explains RCE's 404 for a thread (missing or no read permission)", async () => {
    nock(API)
      .get("/1.0/content_threads/nope")
      .reply(404, { error: "not_found", message: "Not found", status: 404 });
    const error = await expectEngageError(client().rest.getThread("nope"));
    expect(error.kind).to.equal("not_found");
    expect(error.message).to.contain("lacks 'read' on the SDK source");
  });

  it("times out a slow answer and retries a read within budget", async () => {
    const scope = nock(API)
      .get("/1.0/content_threads/t1")
      .delay(800)
      .reply(200, thread())
      .get("/1.0/content_threads/t1")
      .reply(200, thread());
    const c = client();
    const result = await c.rest.getThread("t1");
    expect(result.id).to.equal("t1");
    expect(c.stats().requests).to.equal(2);
    scope.done();
  });

  it("retries a reset read and maps a persistent reset to unavailable", async () => {
    nock(API)
      .get("/1.0/content_threads/t1")
      .times(3)
      .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    const error = await expectEngageError(client().rest.getThread("t1"));
    expect(error.kind).to.equal("unavailable");
    expect(error.message).to.contain("ECONNRESET");
    expect(error.details.attempts).to.equal(3);
  });

  it("reads an agent's permissions on sources (GET /users/{id}/sources_permissions)", async () => {
    const scope = nock(API)
      .get("/1.0/users/agent-1/sources_permissions")
      .reply(200, { [SOURCE_ID]: ["read", "reply"], other: ["read"] });
    const permissions = await client().rest.getSourcesPermissions("agent-1");
    expect(permissions[SOURCE_ID]).to.deep.equal(["read", "reply"]);
    scope.done();
  });

  it("accepts answers that leave out every field the spec marks optional", async () => {
    nock(API)
      .get("/1.0/interventions")
      .query(true)
      .reply(200, { records: [{ id: "i1" }] });
    nock(API)
      .get("/1.0/webhooks")
      .query(true)
      .reply(200, { records: [{ id: "w1" }] });
    nock(API)
      .get("/1.0/status")
      .query(true)
      .reply(200, [{ channels: [{ status: "busy" }] }, {}]);
    nock(API).get("/1.0/categories/c1").reply(200, { id: "c1" });
    const rest = client().rest;
    expect((await rest.listInterventions({ thread_id: "t1" })).records[0].id).to.equal("i1");
    expect((await rest.collect((p) => rest.listWebhooks(p))).map((w) => w.id)).to.deep.equal(["w1"]);
    expect(await rest.getAgentStatuses()).to.have.length(2);
    expect((await rest.getCategory("c1")).name).to.equal(undefined);
  });

  it("rejects ids that could change the path", async () => {
    const error = await expectEngageError(client().rest.getThread("../users"));
    expect(error.kind).to.equal("validation");
  });

  it("keeps every secret out of errors and events", async () => {
    const events: unknown[] = [];
    const c = createEngageClient(validConnection(), {
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      onEvent: (e) => events.push(e),
    });
    nock(API)
      .get("/1.0/content_threads/t1")
      .reply(403, { error: "forbidden", message: `Bearer ${SECRETS.apiAccessToken} may not`, status: 403 });
    const error = await expectEngageError(c.rest.getThread("t1"));
    expect(
      secretsIn(`${error.message}${JSON.stringify(error)}${JSON.stringify(events)}${String(error.stack)}`),
    ).to.deep.equal([]);
  });
});
