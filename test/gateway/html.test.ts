import { expect } from "chai";
import { htmlToText } from "../../src/gateway/html";

describe("gateway/html: a real parser, linear time", () => {
  it("keeps links as text plus URL and images as their name and URL", () => {
    expect(htmlToText('Read <a href="https://help.example.com/a?b=1">here</a>.')).to.equal(
      "Read here (https://help.example.com/a?b=1).",
    );
    expect(htmlToText('<a href="https://x.example">https://x.example</a>')).to.equal("https://x.example");
    expect(htmlToText('<a href="mailto:ada@example.com">ada@example.com</a>')).to.equal("ada@example.com");
    expect(htmlToText('<img src="https://cdn.example/logo.png" alt="Logo">')).to.equal(
      "[Logo: https://cdn.example/logo.png]",
    );
    expect(htmlToText('<img src="https://cdn.example/p.png">')).to.equal("[https://cdn.example/p.png]");
    expect(htmlToText('<a href="javascript:alert(1)">click</a>'), "no script URLs").to.equal("click");
  });

  it("converts a 100,000-character hostile body in under 50 ms", () => {
    const hostile = [
      "<".repeat(100_000),
      " ".repeat(100_000),
      `${" ".repeat(99_999)}x`,
      "<a ".repeat(33_333),
      "<p>".repeat(33_333),
      "&".repeat(100_000),
      "<!--".repeat(25_000),
      `<a href='${"x".repeat(99_990)}`,
      `${"<a href='https://x'>a".repeat(4_500)}${"</a>".repeat(4_500)}`,
      "\n \t".repeat(33_333),
    ];
    htmlToText(hostile.join("").slice(0, 10_000)); // warm up
    for (const body of hostile) {
      const started = performance.now();
      htmlToText(body);
      const ms = performance.now() - started;
      expect(ms, `${JSON.stringify(body.slice(0, 12))}… took ${ms.toFixed(1)} ms`).to.be.below(50);
    }
  });
});
