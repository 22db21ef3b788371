import { expect } from "chai";
import { assignContextKeys, baseContextKey, letterSuffix } from "../../src/profile/contextKeys";
import { convertValue } from "../../src/profile/contextValues";

describe("profile/contextKeys: RCE's [a-zA-Z-] key rule", () => {
  const examples: [string, string][] = [
    ["customerNumber", "customer-number"],
    ["customer_number", "customer-number"],
    ["Customer Number", "customer-number"],
    ["customer-number", "customer-number"],
    ["HTTPStatusCode", "http-status-code"],
    ["zip2", "zip-two"],
    ["address_line_10", "address-line-one-zero"],
    ["2fa", "two-fa"],
    ["Straße", "strasse"],
    ["café_crème", "cafe-creme"],
    ["ﬁeld", "field"],
    ["user.address.city", "user-address-city"],
    ["__weird__key__", "weird-key"],
    ["日本語", ""],
    ["", ""],
  ];
  for (const [input, expected] of examples) {
    it(`'${input}' → '${expected}'`, () => expect(baseContextKey(input)).to.equal(expected));
  }

  it("caps keys at 64 characters without a trailing hyphen", () => {
    const key = baseContextKey("a_very_long_key_".repeat(10));
    expect(key.length).to.be.at.most(64);
    expect(key).to.match(/^[a-z-]+[a-z]$/);
  });

  it("resolves clashes deterministically: the kebab-case key keeps the name", () => {
    const a = assignContextKeys(["firstName", "first_name", "first-name"]);
    const b = assignContextKeys(["first-name", "first_name", "firstName"]);
    expect([...a.entries()].sort()).to.deep.equal([...b.entries()].sort());
    expect(a.get("first-name")).to.equal("first-name");
    expect(a.get("firstName")).to.match(/^first-name-[a-z]{4}$/);
    expect(a.get("first_name")).to.match(/^first-name-[a-z]{4}$/);
    expect(new Set(a.values()).size).to.equal(3);
  });

  it("gives keys without usable characters a stable field-xxxx name", () => {
    const keys = assignContextKeys(["日本語", "中文", "123"]);
    expect(keys.get("日本語")).to.equal(`field-${letterSuffix("日本語")}`);
    expect(keys.get("123")).to.equal("one-two-three");
    expect(new Set(keys.values()).size).to.equal(3);
  });

  it("never hands out a key that is already taken", () => {
    const keys = assignContextKeys(["customer_id"], new Set(["customer-id"]));
    expect(keys.get("customer_id")).to.match(/^customer-id-[a-z]{4}$/);
  });
});

describe("profile/contextValues: strings or arrays of strings", () => {
  it("converts scalars by the documented rule", () => {
    expect(convertValue("  text ")).to.deep.equal({ value: "text" });
    expect(convertValue(42)).to.deep.equal({ value: "42" });
    expect(convertValue(3.5)).to.deep.equal({ value: "3.5" });
    expect(convertValue(true)).to.deep.equal({ value: "true" });
    expect(convertValue(new Date("2026-01-31T09:00:00Z"))).to.deep.equal({
      value: "2026-01-31T09:00:00.000Z",
    });
    expect(convertValue(null)).to.deep.equal({ note: "empty" });
    expect(convertValue("")).to.deep.equal({ note: "empty" });
    expect(convertValue(Number.NaN)).to.deep.equal({ note: "not a number" });
  });

  it("converts arrays item by item and keeps objects inside as JSON", () => {
    expect(convertValue(["a", 1, null, { b: 2 }])).to.deep.equal({ value: ["a", "1", '{"b":2}'] });
    expect(convertValue([null, ""])).to.deep.equal({ note: "empty" });
  });

  it("truncates long texts and long arrays", () => {
    const long = convertValue("x".repeat(5000));
    expect(long.note).to.equal("truncated");
    expect((long.value as string).length).to.equal(1000);
    const many = convertValue(Array.from({ length: 80 }, (_, i) => `v${i}`));
    expect((many.value as string[]).length).to.equal(50);
  });
});
