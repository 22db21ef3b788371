import { expect } from "chai";
import { Dedupe } from "../../src/gateway/dedupe";
import { htmlToText } from "../../src/gateway/html";
import { InFlight } from "../../src/gateway/inFlight";
import { CLOCK_SKEW_MS } from "../../src/gateway/requestTime";

describe("gateway/dedupe: bounded memory of what was handled", () => {
  it("runs work once per key, shares work in flight, forgets failures", async () => {
    const dedupe = new Dedupe<string>(10, 60_000);
    let runs = 0;
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve(`v${++runs}`), 10));
    const [a, b] = await Promise.all([dedupe.once("k", slow), dedupe.once("k", slow)]);
    expect([a.value, b.value]).to.deep.equal(["v1", "v1"]);
    expect([a.duplicate, b.duplicate]).to.deep.equal([false, true]);
    await dedupe.once("bad", () => Promise.reject(new Error("down"))).catch(() => undefined);
    expect(dedupe.has("bad")).to.equal(false);
    expect((await dedupe.once("bad", async () => "ok")).value).to.equal("ok");
  });

  it("stays within its size and age bounds", async () => {
    let now = 1_000_000;
    const dedupe = new Dedupe<number>(100, 1000, () => now);
    for (let i = 0; i < 1000; i++) await dedupe.once(`k${i}`, async () => i);
    expect(dedupe.size).to.equal(100);
    expect(dedupe.has("k999")).to.equal(true);
    expect(dedupe.has("k0")).to.equal(false);
    now += 5000;
    expect(dedupe.has("k999")).to.equal(false);
    expect(await dedupe.once("k999", async () => -1)).to.deep.equal({ value: -1, duplicate: false });
    expect(dedupe.size).to.equal(1);
  });

  it("says since when it remembers: its start less the clock allowance, then the newest date it dropped", async () => {
    const now = 5_000_000;
    const dedupe = new Dedupe<string>(2, 60_000, () => now);
    expect(dedupe.remembersSince()).to.equal(now - CLOCK_SKEW_MS);
    await dedupe.once("a", async () => "x", now + 3000);
    await dedupe.once("b", async () => "x", now + 1000);
    await dedupe.once("c", async () => "x", now + 2000);
    expect(dedupe.remembersSince(), "a dropped: nothing dated up to a's date is sure to be known").to.equal(
      now + 3000,
    );
    await dedupe.once("d", async () => "x", now + 2500);
    expect(dedupe.remembersSince(), "b dropped, dated earlier: the bound stays").to.equal(now + 3000);
    expect(dedupe.has("c") && dedupe.has("d")).to.equal(true);
  });

  it("costs the same per key when full as when empty (no walk over dropped entries)", async () => {
    const timed = async (dedupe: Dedupe<number>, from: number) => {
      const started = process.hrtime.bigint();
      for (let i = from; i < from + 20_000; i++) await dedupe.once(`k${i}`, async () => i);
      return Number(process.hrtime.bigint() - started);
    };
    const full = new Dedupe<number>(20_000, 60_000);
    await timed(full, 0);
    const best = async (make: () => Promise<number>) => Math.min(await make(), await make(), await make());
    let next = 20_000;
    const whenFull = await best(() => {
      next += 20_000;
      return timed(full, next);
    });
    const whenEmpty = await best(() => timed(new Dedupe<number>(1_000_000, 60_000), 0));
    // A walk over dropped entries made each key past the bound ~10× dearer.
    expect(whenFull).to.be.below(whenEmpty * 3);
  });
});

describe("gateway/html: agent replies as plain text", () => {
  it("strips tags, keeps line breaks and decodes entities", () => {
    expect(
      htmlToText(
        "<p>Hello <b>Ada</b> &amp; co.<br/>Line&nbsp;2</p><ul><li>one</li><li>two</li></ul><script>x()</script>",
      ),
    ).to.equal("Hello Ada & co.\nLine 2\n• one\n• two");
    expect(htmlToText("caf&#233; &#x1F600; &unknown;")).to.equal("café 😀 &unknown;");
  });
});

describe("gateway/inFlight: work under way shared by key", () => {
  it("a second caller joins the run under way; the key is free again once it settled, also after a failure", async () => {
    const running = new InFlight<string>();
    let starts = 0;
    let finish: (value: string) => void = () => undefined;
    const start = () => {
      starts++;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const first = running.run("k", start);
    const second = running.run("k", start);
    expect([first.joined, second.joined, starts, running.size]).to.deep.equal([false, true, 1, 1]);
    finish("v");
    expect([await first.result, await second.result]).to.deep.equal(["v", "v"]);
    expect(running.has("k")).to.equal(false);
    const failing = running.run("k", () => {
      throw new Error("thrown before any promise");
    });
    await failing.result.then(
      () => expect.fail("must reject"),
      (error: Error) => expect(error.message).to.contain("thrown"),
    );
    expect(running.size, "a failure frees the key").to.equal(0);
  });
});
