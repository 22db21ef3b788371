import { expect } from "chai";
import { type CallContext, type CallSpec, type EngageEvent, executeCall } from "../../src/engage/call";
import { createRedactor } from "../../src/engage/redact";
import { DEFAULT_RETRY_POLICY } from "../../src/engage/retry";
import { Budget } from "../../src/engage/timing";
import { type HttpRequest, type HttpResponse, TransportError } from "../../src/engage/transport";
import { expectEngageError, fakeClock, SECRETS, secretsIn } from "../support/fixtures";

type Step = HttpResponse | TransportError;

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

function setup(steps: Step[], budgetMs = 15_000) {
  const clock = fakeClock();
  const requests: HttpRequest[] = [];
  const events: EngageEvent[] = [];
  const ctx: CallContext = {
    transport: async (request) => {
      requests.push(request);
      const step = steps.shift();
      if (!step) throw new Error("no more scripted answers");
      if (step instanceof TransportError) throw step;
      return step;
    },
    clock,
    budget: Budget.start(budgetMs, clock),
    policy: DEFAULT_RETRY_POLICY,
    requestTimeoutMs: 5000,
    redact: createRedactor(Object.values(SECRETS)),
    stats: { requests: 0, retries: 0 },
    onEvent: (event) => events.push(event),
  };
  return { ctx, clock, requests, events };
}

const read: CallSpec = {
  operation: "read the content thread",
  method: "GET",
  url: "https://acme.api.engagement.dimelo.com/1.0/content_threads/abc",
  headers: { authorization: `Bearer ${SECRETS.apiAccessToken}` },
  idempotent: true,
};
const write: CallSpec = { ...read, operation: "post the message", method: "POST", idempotent: false };
const categorize: CallSpec = {
  ...read,
  operation: "update the thread's categories",
  method: "PUT",
  retryOnConflict: true,
};

describe("engage/call: attempts, retries and error mapping", () => {
  it("returns the first 2xx answer", async () => {
    const { ctx, requests, events } = setup([json(200, { id: "abc" })]);
    const response = await executeCall(read, ctx);
    expect(response.status).to.equal(200);
    expect(requests).to.have.length(1);
    expect(requests[0].timeoutMs).to.equal(5000);
    expect(events.map((e) => e.type)).to.deep.equal(["response"]);
  });

  it("honours Retry-After on 429, then succeeds", async () => {
    const { ctx, clock, requests } = setup([
      json(
        429,
        { error: "rate_limit_exceeded", message: "Rate limit exceeded", status: 429 },
        { "retry-after": "2" },
      ),
      json(200, {}),
    ]);
    await executeCall(write, ctx);
    expect(requests).to.have.length(2);
    expect(clock.slept).to.deep.equal([2000]);
    expect(ctx.stats).to.deep.equal({ requests: 2, retries: 1 });
  });

  it("waits with backoff on 429 without Retry-After", async () => {
    const { ctx, clock } = setup([
      json(429, { error: "rate_limit_exceeded", message: "Rate limit exceeded" }),
      json(200, {}),
    ]);
    await executeCall(read, ctx);
    expect(clock.slept).to.have.length(1);
    expect(clock.slept[0]).to.be.within(500, 1000);
  });

  it("fails at once when Retry-After is beyond the time budget", async () => {
    const { ctx, requests } = setup(
      [json(429, { error: "rate_limit_exceeded", message: "Rate limit exceeded" }, { "retry-after": "60" })],
      10_000,
    );
    const error = await expectEngageError(executeCall(read, ctx));
    expect(requests).to.have.length(1);
    expect(error.kind).to.equal("rate_limited");
    expect(error.message).to.contain("time budget ran out");
    expect(error.message).to.contain("wait 60 s");
    expect(error.details.retryAfterSeconds).to.equal(60);
  });

  it("retries 409 only where the call says a conflict is transient", async () => {
    const conflict = json(409, {
      error: "already_categorizing",
      message: "Thread is already being categorized",
      status: 409,
    });
    const ok = setup([conflict, json(200, {})]);
    await executeCall(categorize, ok.ctx);
    expect(ok.requests).to.have.length(2);

    const notRetried = setup([conflict]);
    const error = await expectEngageError(executeCall(read, notRetried.ctx));
    expect(notRetried.requests).to.have.length(1);
    expect(error.kind).to.equal("conflict");
    expect(error.details.rceError).to.equal("already_categorizing");
    expect(error.message).to.contain('RCE says: "Thread is already being categorized"');
  });

  it("gives up after maxAttempts with the attempt count in the message", async () => {
    const busy = () => json(503, { error: "unavailable", message: "Service Unavailable", status: 503 });
    const { ctx, requests } = setup([busy(), busy(), busy()]);
    const error = await expectEngageError(executeCall(read, ctx));
    expect(requests).to.have.length(3);
    expect(error.kind).to.equal("unavailable");
    expect(error.message).to.contain("(3 attempts)");
  });

  it("never repeats a write that may have arrived (5xx, reset, timeout)", async () => {
    for (const step of [
      json(502, {}),
      new TransportError("reset", "ECONNRESET"),
      new TransportError("timeout", "ECONNABORTED"),
    ]) {
      const { ctx, requests } = setup([step, json(200, {})]);
      const error = await expectEngageError(executeCall(write, ctx));
      expect(requests, String(step)).to.have.length(1);
      expect(error.kind).to.be.oneOf(["unavailable", "timeout"]);
    }
  });

  it("repeats a write whose connection was never made", async () => {
    const { ctx, requests } = setup([new TransportError("connect_failed", "ECONNREFUSED"), json(200, {})]);
    await executeCall(write, ctx);
    expect(requests).to.have.length(2);
  });

  it("says that a broken write was not repeated on purpose", async () => {
    const { ctx } = setup([new TransportError("reset", "ECONNRESET")]);
    const error = await expectEngageError(executeCall(write, ctx));
    expect(error.message).to.contain("not retried, since repeating it could create a duplicate");
  });

  it("reports a timeout with the limit that applied", async () => {
    const { ctx } = setup([
      new TransportError("timeout", "ECONNABORTED"),
      new TransportError("timeout", "ECONNABORTED"),
      new TransportError("timeout", "ECONNABORTED"),
    ]);
    const error = await expectEngageError(executeCall(read, ctx));
    expect(error.kind).to.equal("timeout");
    expect(error.message).to.contain("did not answer within 5000 ms after 3 attempts");
  });

  it("caps each attempt by the remaining budget and stops when it is spent", async () => {
    const { ctx, requests } = setup([json(200, {})], 1200);
    await executeCall(read, ctx);
    expect(requests[0].timeoutMs).to.equal(1200);

    const spent = setup([json(200, {})], 50);
    const error = await expectEngageError(executeCall(read, spent.ctx));
    expect(spent.requests).to.have.length(0);
    expect(error.kind).to.equal("timeout");
  });

  it("maps statuses to the taxonomy with a fix in each message", async () => {
    const cases: [number, string, string][] = [
      [401, "auth", "API Access Token"],
      [403, "permission", "read and reply permission"],
      [404, "not_found", "lacks 'read'"],
      [422, "validation", "rejected the request"],
      [500, "unavailable", "check the host"],
      [301, "bad_response", "Base API URL"],
    ];
    for (const [status, kind, fix] of cases) {
      const { ctx } = setup([json(status, { error: "e", message: "m", status })]);
      const error = await expectEngageError(executeCall(read, ctx));
      expect(error.kind, String(status)).to.equal(kind);
      expect(error.message, String(status)).to.contain(fix);
      expect(error.message).to.match(/^RCE could not read the content thread: /);
      expect(error.details.status).to.equal(status);
    }
  });

  it("reads a non-JSON error answer as short text and an HTML page as such", async () => {
    const text = setup([{ status: 422, headers: {}, body: "Invalid resource format" }]);
    expect((await expectEngageError(executeCall(write, text.ctx))).message).to.contain(
      'RCE says: "Invalid resource format"',
    );
    const html = setup([{ status: 500, headers: {}, body: "<html><body>Oops</body></html>" }]);
    expect((await expectEngageError(executeCall(write, html.ctx))).message).to.contain(
      'RCE says: "an HTML page"',
    );
  });

  it("removes secrets even when RCE echoes them", async () => {
    const { ctx, events } = setup([
      json(401, {
        error: "invalid_token",
        message: `token ${SECRETS.apiAccessToken} is invalid`,
        status: 401,
      }),
    ]);
    const error = await expectEngageError(executeCall(read, ctx));
    expect(error.message).to.contain("[redacted]");
    expect(secretsIn(`${error.message} ${JSON.stringify(error)} ${JSON.stringify(events)}`)).to.deep.equal(
      [],
    );
  });

  it("lets the caller classify API-specific answers", async () => {
    const { ctx } = setup([{ status: 422, headers: {}, body: "Invalid signature" }]);
    const error = await expectEngageError(
      executeCall(
        {
          ...write,
          classify: (r) =>
            r.body.includes("signature")
              ? { kind: "auth", hint: "Check the Realtime Access Token." }
              : undefined,
        },
        ctx,
      ),
    );
    expect(error.kind).to.equal("auth");
    expect(error.message).to.contain("Check the Realtime Access Token.");
  });
});
