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

  it("takes time linear in the body: 10× the hostile input costs about 10×, never 100× (quadratic)", () => {
    // A ratio, not a wall-clock limit: a busy machine slows both sizes alike. The absolute figure for
    // 100,000 characters is in `npm run bench`.
    const patterns: ((n: number) => string)[] = [
      (n) => "<".repeat(n),
      (n) => " ".repeat(n),
      (n) => `${" ".repeat(n - 1)}x`,
      (n) => "<a ".repeat(n / 3),
      (n) => "<p>".repeat(n / 3),
      (n) => "&".repeat(n),
      (n) => "<!--".repeat(n / 4),
      (n) => `<a href='${"x".repeat(n - 10)}`,
      (n) => `${"<a href='https://x'>a".repeat(n / 22)}${"</a>".repeat(n / 22)}`,
      (n) => "\n \t".repeat(n / 3),
    ];
    const best = (body: string) => {
      let fastest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        htmlToText(body);
        fastest = Math.min(fastest, performance.now() - started);
      }
      return fastest;
    };
    htmlToText("<".repeat(10_000)); // warm up
    for (const make of patterns) {
      const small = best(make(10_000));
      const large = best(make(100_000));
      const label = `${JSON.stringify(make(12).slice(0, 12))}…: 10,000 chars ${small.toFixed(2)} ms, 100,000 chars ${large.toFixed(2)} ms`;
      expect(large, label).to.be.below(30 * small + 5);
      expect(large, label).to.be.below(1000);
    }
  });
});
