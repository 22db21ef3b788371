/** The edge's small parts on their own: the body budget, the client address, the JSON depth, the log's rate limit. */
import { expect } from "chai";
import { BodyBudget } from "../../src/gateway/edge/budget";
import { clientAddressOf } from "../../src/gateway/edge/clientAddress";
import { bodyDeadlineMs, DEFAULT_LIMITS } from "../../src/gateway/edge/limits";
import { jsonDepth, parseJson } from "../../src/gateway/json";
import { rateLimited } from "../../src/gateway/log";

describe("gateway edge: its parts", () => {
  it("budget: a client's share and the total bound what is taken; release gives back exactly what was taken, once", () => {
    const budget = new BodyBudget(100, 40);
    const a = budget.open("10.0.0.1");
    expect(a.take(30)).to.equal(true);
    expect(a.take(20), "past the client's share").to.equal(false);
    const b = budget.open("10.0.0.1");
    expect(b.take(10)).to.equal(true);
    expect(b.take(1), "the share is per address, not per request").to.equal(false);
    const other = budget.open("10.0.0.2");
    expect(other.take(40)).to.equal(true);
    const exempt = budget.open("10.0.0.3", true);
    expect(exempt.take(20)).to.equal(true);
    expect(exempt.take(1), "past the total, exempt or not").to.equal(false);
    expect(budget.bytesInFlight).to.equal(100);
    a.release();
    a.release();
    expect(budget.bytesInFlight).to.equal(70);
    expect(budget.open("10.0.0.1").take(30)).to.equal(true);
  });

  it("client address: the socket's, unless it is a configured proxy; then the last forwarded hop that is not one", () => {
    const proxies = new Set(["10.0.0.9", "10.0.0.8"]);
    expect(clientAddressOf("::ffff:203.0.113.5", "198.51.100.1", proxies)).to.equal("203.0.113.5");
    expect(clientAddressOf("10.0.0.9", "198.51.100.1, 203.0.113.7, 10.0.0.8", proxies)).to.equal(
      "203.0.113.7",
    );
    expect(clientAddressOf("10.0.0.9", undefined, proxies)).to.equal("10.0.0.9");
    expect(clientAddressOf("10.0.0.9", "not-an-address", proxies), "junk is not an address").to.equal(
      "10.0.0.9",
    );
    expect(clientAddressOf("10.0.0.9", "198.51.100.1", new Set()), "no proxies configured").to.equal(
      "10.0.0.9",
    );
  });

  it("body deadline: grace plus the size at the minimum rate; a chunked body counts as the largest allowed", () => {
    expect(bodyDeadlineMs(DEFAULT_LIMITS, 2 * 1024 * 1024)).to.equal(3000);
    expect(bodyDeadlineMs(DEFAULT_LIMITS, 1000)).to.equal(1001);
    expect(bodyDeadlineMs(DEFAULT_LIMITS, undefined)).to.equal(3000);
  });

  it("JSON depth: brackets inside strings (escaped quotes too) do not count; past the limit it is refused unparsed", () => {
    expect(jsonDepth(Buffer.from('{"a":"[[[[\\"{{{{","b":[1,[2]]}'), 64)).to.equal(3);
    const deep = Buffer.from(`${"[".repeat(65)}${"]".repeat(65)}`);
    expect(parseJson(deep)).to.deep.equal({ ok: false, reason: "The body nests deeper than 64 levels." });
    expect(parseJson(Buffer.from(`${"[".repeat(64)}${"]".repeat(64)}`)).ok).to.equal(true);
    expect(parseJson(Buffer.from("{"))).to.deep.equal({ ok: false, reason: "The body is not JSON." });
    // Objects and arrays together, each under the limit: 33 + 33 levels.
    const mixed = Buffer.from(`${'{"a":['.repeat(33)}${"]}".repeat(33)}`);
    expect(parseJson(mixed).ok, "66 levels of both kinds").to.equal(false);
    // More openings than the limit, but wide or inside strings: walked, and accepted.
    const wide = Buffer.from(JSON.stringify({ events: Array.from({ length: 100 }, (_, i) => ({ id: i })) }));
    expect(parseJson(wide).ok, "100 objects side by side").to.equal(true);
    expect(
      parseJson(Buffer.from(JSON.stringify({ body: "[{".repeat(100) }))).ok,
      "brackets in a string",
    ).to.equal(true);
  });

  it("rate-limited log: a burst, then the rate; the next line let through says how many were left out", () => {
    let now = 0;
    const lines: string[] = [];
    let dropped = 0;
    const log = rateLimited(
      (_level, event, fields) => lines.push(`${event}${fields?.count ? ` ${fields.count}` : ""}`),
      { burst: 3, perSecond: 2 },
      () => dropped++,
      () => now,
    );
    for (let i = 0; i < 10; i++) log("warn", "request");
    expect(lines).to.deep.equal(["request", "request", "request"]);
    expect(dropped).to.equal(7);
    now = 500;
    log("warn", "request");
    expect(lines.slice(3)).to.deep.equal(["log_lines_suppressed 7", "request"]);
  });
});
