import { expect } from "chai";
import { Dedupe } from "../../src/gateway/dedupe";
import { htmlToText } from "../../src/gateway/html";

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
    let now = 0;
    const dedupe = new Dedupe<number>(100, 1000, () => now);
    for (let i = 0; i < 1000; i++) await dedupe.once(`k${i}`, async () => i);
    expect(dedupe.size).to.be.at.most(101);
    now = 5000;
    await dedupe.once("fresh", async () => 1);
    expect(dedupe.size).to.equal(1);
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
