import { expect } from "chai";
import nock from "nock";
import { createEngageClient } from "../../src/engage/client";
import { locateThread, recategorize } from "../../src/nodes/shared/rceThread";
import {
  AGENT_CATEGORY,
  BOT_CATEGORY,
  expectEngageError,
  SOURCE_ID,
  validConnection,
} from "../support/fixtures";

const API = "https://acme.api.engagement.dimelo.com";
const OURS = "cgy1.dA.dQ.cw";
const thread = (id: string, foreign: string) => ({
  id,
  source_id: SOURCE_ID,
  foreign_id: foreign,
  thread_category_ids: [BOT_CATEGORY],
});
const list = (records: unknown[]) => ({ count: records.length, offset: 0, limit: 20, records });
const client = () => createEngageClient(validConnection(), { retry: { baseDelayMs: 1, maxDelayMs: 1 } });
const noSleep = async () => undefined;

describe("nodes/shared/rceThread: finding and recategorising the conversation's thread", () => {
  before(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  after(() => nock.enableNetConnect());

  it("switches to the foreign_id: keyword when RCE ignored foreign: (other threads came back)", async () => {
    const scope = nock(API)
      .get("/1.0/content_threads")
      .query({ q: `source:${SOURCE_ID} foreign:${OURS}`, limit: "20" })
      .reply(200, list([thread("t-other", "someone-else")]))
      .get("/1.0/content_threads")
      .query({ q: `source:${SOURCE_ID} foreign_id:${OURS}`, limit: "20" })
      .reply(200, list([thread("t-ours", OURS)]));
    const found = await locateThread(client(), OURS, { maxImportWaitMs: 1000, sleep: noSleep });
    expect(found.thread.id).to.equal("t-ours");
    expect(found.searches).to.equal(2);
    scope.done();
  });

  it("uses a remembered thread id without searching, and searches when RCE no longer knows it", async () => {
    nock(API).get("/1.0/content_threads/t-ours").reply(200, thread("t-ours", OURS));
    expect(
      (await locateThread(client(), OURS, { knownRceThreadId: "t-ours", maxImportWaitMs: 0 })).searches,
    ).to.equal(0);
    nock(API)
      .get("/1.0/content_threads/t-gone")
      .reply(404, { error: "not_found", message: "Not found", status: 404 })
      .get("/1.0/content_threads")
      .query(true)
      .reply(200, list([thread("t-ours", OURS)]));
    expect(
      (await locateThread(client(), OURS, { knownRceThreadId: "t-gone", maxImportWaitMs: 0 })).thread.id,
    ).to.equal("t-ours");
  });

  it("waits for RCE's import within the bound, then says what to check", async () => {
    nock(API).get("/1.0/content_threads").query(true).times(10).reply(200, list([]));
    const waits: number[] = [];
    const error = await expectEngageError(
      locateThread(client(), OURS, { maxImportWaitMs: 1000, sleep: async (ms) => void waits.push(ms) }),
    );
    expect(error.kind).to.equal("timeout");
    expect(error.message).to.contain("has not imported the conversation yet");
    expect(waits[0]).to.equal(150);
  });

  it("changes categories only when the set differs", async () => {
    const c = client();
    const same = await recategorize(
      c,
      { ...thread("t", OURS), thread_category_ids: [AGENT_CATEGORY] },
      () => [AGENT_CATEGORY],
    );
    expect(same).to.deep.equal({ categoryIds: [AGENT_CATEGORY], categoriesChanged: false });
    expect(c.stats().requests).to.equal(0);
  });
});
