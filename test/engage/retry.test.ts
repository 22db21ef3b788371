import { expect } from "chai";
import { type AttemptOutcome, isRetryable, parseRetryAfter } from "../../src/engage/retry";
import { backoffDelay } from "../../src/http/backoff";

describe("engage/retry: when and how long to wait", () => {
  it("backs off exponentially with jitter, capped", () => {
    expect(backoffDelay(1, 200, 2000, () => 0)).to.equal(100);
    expect(backoffDelay(1, 200, 2000, () => 1)).to.equal(200);
    expect(backoffDelay(2, 200, 2000, () => 1)).to.equal(400);
    expect(backoffDelay(3, 200, 2000, () => 1)).to.equal(800);
    expect(backoffDelay(9, 200, 2000, () => 1)).to.equal(2000);
    const spread = new Set(Array.from({ length: 50 }, (_, i) => backoffDelay(3, 200, 2000, () => i / 50)));
    expect(spread.size).to.be.greaterThan(40);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).to.equal(3000);
    expect(parseRetryAfter("0.5", now)).to.equal(500);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now)).to.equal(7000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).to.equal(0);
    expect(parseRetryAfter("soon", now)).to.equal(undefined);
    expect(parseRetryAfter(undefined, now)).to.equal(undefined);
  });

  const table: [AttemptOutcome, boolean, boolean, boolean][] = [
    // outcome, read/replace, write, write with retryOnConflict
    [{ type: "connect_failed" }, true, true, true],
    [{ type: "tls" }, false, false, false],
    [{ type: "reset" }, true, false, false],
    [{ type: "timeout" }, true, false, false],
    [{ type: "status", status: 429 }, true, true, true],
    [{ type: "status", status: 409 }, false, false, true],
    [{ type: "status", status: 502 }, true, false, false],
    [{ type: "status", status: 503 }, true, false, false],
    [{ type: "status", status: 504 }, true, false, false],
    [{ type: "status", status: 500 }, false, false, false],
    [{ type: "status", status: 401 }, false, false, false],
    [{ type: "status", status: 422 }, false, false, false],
  ];
  for (const [outcome, read, write, conflictWrite] of table) {
    it(`retries ${JSON.stringify(outcome)}: idempotent ${read}, write ${write}`, () => {
      expect(isRetryable(outcome, { idempotent: true })).to.equal(read);
      expect(isRetryable(outcome, { idempotent: false })).to.equal(write);
      expect(isRetryable(outcome, { idempotent: false, retryOnConflict: true })).to.equal(conflictWrite);
    });
  }
});
