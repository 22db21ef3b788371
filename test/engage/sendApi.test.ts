import { createHmac } from "node:crypto";
import { expect } from "chai";
import nock from "nock";
import { createEngageClient } from "../../src/engage/client";
import type { SdkMessage } from "../../src/engage/types";
import { expectEngageError, SECRETS, SOURCE_ID, secretsIn, validConnection } from "../support/fixtures";

const REALTIME = "https://acme.engagement.dimelo.com";
const PATH = `/realtime/sdk/${SOURCE_ID}`;

const message: SdkMessage = {
  id: "m-1",
  thread_id: "session-1",
  body: "Hello — ünïcode ✓ </script>",
  format: "text",
  author: {
    id: "user-1",
    screenname: "Ada Lovelace",
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
  },
};

function client() {
  return createEngageClient(validConnection(), {
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    requestTimeoutMs: 500,
  });
}

describe("engage/sendApi: signed Send API requests (nock)", () => {
  before(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  after(() => nock.enableNetConnect());

  it("signs the exact bytes sent with HMAC-SHA512 of the Realtime Access Token", async () => {
    let seen: { body: string; signature: string } | undefined;
    nock(REALTIME)
      .post(PATH)
      .reply(function (_uri, body) {
        const raw = typeof body === "string" ? body : JSON.stringify(body);
        seen = { body: raw, signature: String(this.req.headers["x-smccsdk-signature"]) };
        return [200, "ok"];
      });
    await client().sendApi.send("messages.create", message);
    expect(seen).to.not.equal(undefined);
    const { body, signature } = seen as { body: string; signature: string };
    expect(JSON.parse(body)).to.deep.equal({ action: "messages.create", params: message });
    expect(signature).to.equal(createHmac("sha512", SECRETS.realtimeAccessToken).update(body).digest("hex"));
  });

  it("explains a rejected signature as a wrong Realtime Access Token", async () => {
    nock(REALTIME).post(PATH).reply(422, "Invalid signature");
    const error = await expectEngageError(client().sendApi.send("messages.create", message));
    expect(error.kind).to.equal("auth");
    expect(error.message).to.contain("Check the Realtime Access Token");
    expect(error.message).to.contain("setup step 3");
  });

  it("explains an unknown source as a wrong Realtime Endpoint URL", async () => {
    nock(REALTIME).post(PATH).reply(422, "Source not found");
    const error = await expectEngageError(client().sendApi.send("messages.create", message));
    expect(error.kind).to.equal("not_found");
    expect(error.message).to.contain("Check the Realtime Endpoint URL");
  });

  it("explains a non-puppetizable author and invalid formats", async () => {
    nock(REALTIME).post(PATH).reply(422, "The author must be puppetizable");
    expect((await expectEngageError(client().sendApi.send("messages.create", message))).message).to.contain(
      "Controlled (setup step 7)",
    );
    nock(REALTIME).post(PATH).reply(422, "Invalid resource format");
    const invalid = await expectEngageError(client().sendApi.send("messages.create", message));
    expect(invalid.kind).to.equal("validation");
    expect(invalid.message).to.contain('RCE says: "Invalid resource format"');
  });

  it("does not repeat messages.create after a 503 (it may have been stored)", async () => {
    const scope = nock(REALTIME).post(PATH).reply(503, "Service Unavailable").post(PATH).reply(200, "ok");
    const c = client();
    const error = await expectEngageError(c.sendApi.send("messages.create", message));
    expect(error.kind).to.equal("unavailable");
    expect(c.stats().requests).to.equal(1);
    expect(scope.isDone()).to.equal(false);
  });

  it("repeats users.create (an upsert by id) after a 503, and any action after a 429", async () => {
    nock(REALTIME).post(PATH).reply(503, "Service Unavailable").post(PATH).reply(200, "ok");
    await client().sendApi.send("users.create", message.author);
    nock(REALTIME)
      .post(PATH)
      .reply(429, "Too Many Requests", { "retry-after": "0" })
      .post(PATH)
      .reply(200, "ok");
    const c = client();
    await c.sendApi.send("messages.create", message);
    expect(c.stats()).to.deep.equal({ requests: 2, retries: 1 });
  });

  it("refuses a body above 20 MB before sending anything", async () => {
    const c = client();
    const big = { ...message, body: "x".repeat(20_971_520) };
    const error = await expectEngageError(c.sendApi.send("messages.create", big));
    expect(error.kind).to.equal("validation");
    expect(c.stats().requests).to.equal(0);
  });

  it("keeps the token and the signature out of errors", async () => {
    let signature = "";
    nock(REALTIME)
      .post(PATH)
      .reply(function () {
        signature = String(this.req.headers["x-smccsdk-signature"]);
        return [422, `Invalid signature ${signature} for ${SECRETS.realtimeAccessToken}`];
      });
    const error = await expectEngageError(client().sendApi.send("messages.create", message));
    const everything = `${error.message}${JSON.stringify(error)}`;
    expect(secretsIn(everything)).to.deep.equal([]);
    expect(everything).to.not.contain(signature);
  });
});
