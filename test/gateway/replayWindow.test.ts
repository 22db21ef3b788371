/**
 * The replay window: a signed request RCE sent once and someone captured is never delivered again,
 * also after the memory store forgot it (full, or restarted); a genuine retry always is, once.
 */
import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { signBody } from "../../src/engage/signature";
import { CLOCK_SKEW_MS, checkRequestDate, type RememberedSpan } from "../../src/gateway/requestTime";
import { REMEMBER_MS } from "../../src/gateway/store";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS } from "../support/fixtures";
import { type GatewayProcess, startGatewayProcess } from "../support/gatewayProcess";
import { type GatewayWorld, startGatewayWorld } from "../support/gatewayWorld";

const THREAD = threadIdFor({ URLToken: "0a1b2c3d", userId: "u-replay", sessionId: "s-replay" });
const iso = (ms: number) => new Date(ms).toISOString();

interface SdkAnswer {
  id?: string;
  error?: { fatal: boolean; message: string };
}

function agentReply(contentId: string, time: string | undefined, retry = false): string {
  return JSON.stringify({
    action: "messages.create",
    params: { thread_id: THREAD, body: `reply ${contentId}`, format: "text", content_id: contentId, retry },
    ...(time === undefined ? {} : { time }),
  });
}

async function send(url: string, body: string, token: string): Promise<SdkAnswer> {
  const answer = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-smccsdk-signature": signBody(body, token) },
  });
  expect(answer.status).to.equal(200);
  return (await answer.json()) as SdkAnswer;
}

const receivedOf = (cognigy: FakeCognigy, contentId: string) =>
  cognigy.calls.filter(
    (c) => (c.body.data?.handover as { contentId?: string } | undefined)?.contentId === contentId,
  ).length;

describe("gateway/requestTime: the dates RCE puts on requests", () => {
  const now = Date.parse("2026-06-01T12:00:00Z");
  const redis: RememberedSpan = { rememberMs: REMEMBER_MS, remembersSince: () => Number.NEGATIVE_INFINITY };
  const sdk = { field: "time", sinceToo: true };

  it("accepts a request dated now or a little off (clock allowance), refuses 2001, the far future and no date", () => {
    expect(checkRequestDate("2026-06-01T12:00:00Z", redis, sdk, now)).to.deep.equal({ ok: true, at: now });
    expect(checkRequestDate(iso(now + CLOCK_SKEW_MS - 1000), redis, sdk, now).ok).to.equal(true);
    expect(checkRequestDate("2026-06-01T13:00:00+01:00", redis, sdk, now).ok, "with an offset").to.equal(
      true,
    );
    const refusals = {
      "2001-01-01T00:00:00Z": "older than the gateway remembers",
      [iso(now + CLOCK_SKEW_MS + 1000)]: "in the future",
      "2026-06-01": "not an ISO 8601 date-time",
      "1": "not an ISO 8601 date-time",
      "2026-06-01T12:00:00": "not an ISO 8601 date-time with a zone",
    };
    for (const [time, reason] of Object.entries(refusals)) {
      const check = checkRequestDate(time, redis, sdk, now);
      expect(check.ok, time).to.equal(false);
      expect(check.ok ? "" : check.reason, time).to.contain(reason);
    }
    const none = checkRequestDate(undefined, redis, sdk, now);
    expect(none.ok ? "" : none.reason).to.contain("no time");
  });

  it("the window is the dedupe TTL less the clock allowance: 24 h - 10 s accepted, a little more refused", () => {
    expect(checkRequestDate(iso(now - REMEMBER_MS + CLOCK_SKEW_MS + 1000), redis, sdk, now).ok).to.equal(
      true,
    );
    expect(checkRequestDate(iso(now - REMEMBER_MS + CLOCK_SKEW_MS - 1000), redis, sdk, now).ok).to.equal(
      false,
    );
    // RCE's last documented webhook retry (~3 h 13 min after the first try) is well inside.
    const webhook = { field: "issued_at", sinceToo: false };
    expect(checkRequestDate(iso(now - 3.25 * 3600_000), redis, webhook, now).ok).to.equal(true);
  });

  it("what a memory lost (start, full) refuses Source SDK requests dated before it, never webhook events", () => {
    const restarted: RememberedSpan = { rememberMs: REMEMBER_MS, remembersSince: () => now - 1000 };
    expect(checkRequestDate(iso(now - 2000), restarted, sdk, now).ok).to.equal(false);
    expect(
      checkRequestDate(iso(now - 1000), restarted, sdk, now).ok,
      "at the bound: may be forgotten",
    ).to.equal(false);
    expect(checkRequestDate(iso(now - 500), restarted, sdk, now).ok).to.equal(true);
    // A redelivered event keeps its issued_at: refusing it after a restart would lose it.
    expect(
      checkRequestDate(iso(now - 2000), restarted, { field: "issued_at", sinceToo: false }, now).ok,
    ).to.equal(true);
  });
});

describe("gateway: a captured agent reply replayed is refused, a genuine retry is delivered once", function () {
  this.timeout(30_000);
  let setup: GatewayWorld;
  afterEach(async () => setup?.close());

  const token = () => setup.world.connection.realtimeAccessToken as string;

  it("after the memory store evicted it (full): refused as final with a reason, not delivered again", async () => {
    setup = await startGatewayWorld({ dedupeEntries: 5 });
    const captured = agentReply("captured-1", new Date().toISOString());
    expect(await send(setup.gateway.url, captured, token())).to.have.property("id");
    // Replayed while remembered: a duplicate, answered with the same id, nothing sent.
    expect(await send(setup.gateway.url, captured, token())).to.have.property("id");
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 10; i++)
      expect(
        await send(setup.gateway.url, agentReply(`later-${i}`, new Date().toISOString()), token()),
      ).to.have.property("id");
    const replay = await send(setup.gateway.url, captured, token());
    expect(replay.error?.fatal, "final: RCE stops").to.equal(true);
    expect(replay.error?.message).to.contain("before what this gateway still remembers");
    expect(receivedOf(setup.cognigy, "captured-1"), "delivered once").to.equal(1);
    // New replies are still delivered.
    expect(
      await send(setup.gateway.url, agentReply("after-1", new Date().toISOString()), token()),
    ).to.have.property("id");
    expect(receivedOf(setup.cognigy, "after-1")).to.equal(1);
  });

  it("a body dated 2001, or in the future, or undated: refused as final, nothing sent", async () => {
    setup = await startGatewayWorld();
    for (const [id, time] of [
      ["old-2001", "2001-09-09T01:46:40Z"],
      ["future", iso(Date.now() + 3600_000)],
      ["undated", undefined],
    ] as const) {
      const answer = await send(setup.gateway.url, agentReply(id, time), token());
      expect(answer.error?.fatal, id).to.equal(true);
      expect(answer.error?.message, id).to.match(/older than|future|no time/);
    }
    expect(setup.cognigy.calls).to.have.length(0);
  });

  it("a genuine retry inside the window (dated anew, or with the first try's date) is delivered exactly once", async () => {
    setup = await startGatewayWorld({ delivery: { attempts: 2, timeoutMs: 2000, backoffMs: 10 } });
    setup.cognigy.failNext(2, 503);
    const firstTime = new Date().toISOString();
    const first = await send(setup.gateway.url, agentReply("retried-1", firstTime), token());
    expect(first.error?.fatal, "Cognigy declined: RCE retries").to.equal(false);
    const retry = await send(
      setup.gateway.url,
      agentReply("retried-1", new Date().toISOString(), true),
      token(),
    );
    expect(retry).to.have.property("id");
    // RCE retrying once more (its answer lost), dated as the first try: the same id, not sent again.
    const again = await send(setup.gateway.url, agentReply("retried-1", firstTime, true), token());
    expect(again.id).to.equal(retry.id);
    expect(setup.cognigy.delivered("notify")).to.have.length(1);
  });
});

describe("gateway (built, memory store): a captured agent reply replayed after a restart", function () {
  this.timeout(30_000);
  let cognigy: FakeCognigy;
  let gateway: GatewayProcess | undefined;
  before(async () => {
    cognigy = await startFakeCognigy();
  });
  after(async () => {
    await gateway?.stop();
    await cognigy.close();
  });

  it("is refused as final and not delivered; a reply sent after the restart is delivered", async () => {
    gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url });
    // Dated as early as the running gateway still accepts: its start less the clock allowance.
    const captured = agentReply("before-restart", iso(Date.now() - CLOCK_SKEW_MS + 1000));
    expect(await send(gateway.url, captured, SECRETS.realtimeAccessToken)).to.have.property("id");
    await gateway.stop("SIGKILL");
    // Restarted more than a second later: the capture is now older than the start less the allowance.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url });
    const replay = await send(gateway.url, captured, SECRETS.realtimeAccessToken);
    expect(replay.error?.fatal).to.equal(true);
    expect(replay.error?.message).to.contain("restarted");
    expect(receivedOf(cognigy, "before-restart"), "delivered once").to.equal(1);
    const fresh = agentReply("after-restart", new Date().toISOString());
    expect(await send(gateway.url, fresh, SECRETS.realtimeAccessToken)).to.have.property("id");
    expect(receivedOf(cognigy, "after-restart")).to.equal(1);
  });
});
