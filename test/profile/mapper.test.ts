import { expect } from "chai";
import { anonymousScreenname, mapProfileToUser } from "../../src/profile/mapper";
import { validateSdkUser } from "../../src/profile/userSchema";

const NOW = "2026-11-25T10:00:00.000Z";
const map = (profile: unknown, extra: Record<string, unknown> = {}) =>
  mapProfileToUser(profile, { userId: "user-4f2a9c", now: NOW, ...extra });

describe("profile/mapper: Cognigy profile → RCE user", () => {
  it("maps the standard fields and keeps the id stable", () => {
    const result = map({
      firstname: "Ada",
      lastname: "Lovelace",
      email: "ada@example.com",
      gender: "female",
      profilepic: "https://example.com/ada.png",
      phone: "+44 20 7946 0000",
      mobile: 4477009000,
    });
    expect(result.user).to.deep.equal({
      id: "user-4f2a9c",
      screenname: "Ada Lovelace",
      firstname: "Ada",
      lastname: "Lovelace",
      email: "ada@example.com",
      gender: "woman",
      avatar_url: "https://example.com/ada.png",
      home_phone: "+44 20 7946 0000",
      mobile_phone: "4477009000",
      created_at: NOW,
      updated_at: NOW,
    });
    expect(result.fields).to.include({
      firstname: "firstname",
      avatar_url: "profilepic",
      mobile_phone: "mobile",
    });
    expect(validateSdkUser(result.user).ok).to.equal(true);
  });

  it("maps male to man and leaves out other genders from the gender field", () => {
    expect(map({ gender: "male" }).user.gender).to.equal("man");
    const other = map({ gender: "diverse" });
    expect(other.user.gender).to.equal(undefined);
    expect(other.user.context_data).to.deep.equal({ gender: "diverse" });
  });

  it("falls back to a readable screenname, never a bot name", () => {
    expect(map({ firstname: "Ada" }).user.screenname).to.equal("Ada");
    expect(map({ lastname: "Lovelace" }).user.screenname).to.equal("Lovelace");
    expect(map({ email: "ada@example.com" }).user.screenname).to.equal("ada@example.com");
    expect(map({}).user.screenname).to.equal("Customer 4f2a9c");
    expect(anonymousScreenname("???")).to.equal("Customer");
  });

  it("uses the profile's own dates when it has them", () => {
    const result = map({ createdAt: 1_700_000_000_000, lastChanged: "2026-02-01T12:00:00Z" });
    expect(result.user.created_at).to.equal("2023-11-14T22:13:20.000Z");
    expect(result.user.updated_at).to.equal("2026-02-01T12:00:00.000Z");
  });

  it("puts everything else into context_data with normalised keys and text values", () => {
    const result = map({
      firstname: "Ada",
      customerNumber: 1815,
      vip: true,
      zip2: "W1",
      tags: ["math", 1843],
      address: { city: "London", geo: { lat: 51.5 } },
      lastOrder: new Date("2026-10-01T00:00:00Z"),
    });
    expect(result.user.context_data).to.deep.equal({
      "customer-number": "1815",
      vip: "true",
      "zip-two": "W1",
      tags: ["math", "1843"],
      "address-city": "London",
      "address-geo-lat": "51.5",
      "last-order": "2026-10-01T00:00:00.000Z",
    });
    expect(result.contextKeys["address.geo.lat"]).to.equal("address-geo-lat");
  });

  it("leaves out Cognigy's internal fields and says why", () => {
    const result = map({
      _id: "x",
      userId: "u",
      goals: ["a"],
      accepted_gdpr: true,
      sessions: [1],
      firstname: "Ada",
    });
    expect(result.user.context_data).to.equal(undefined);
    expect(result.dropped.map((d) => d.key)).to.have.members([
      "_id",
      "userId",
      "goals",
      "accepted_gdpr",
      "sessions",
    ]);
    expect(result.dropped.every((d) => d.reason === "internal Cognigy field")).to.equal(true);
  });

  it("follows the builder's mapping, include and exclude lists", () => {
    const result = map(
      {
        firstname: "Ada",
        crm: { id: "C-1", tier: "gold" },
        nickname: "Countess",
        secretNote: "x",
        plan: "pro",
        other: "y",
        spare: "z",
      },
      {
        mapping: {
          nickname: "screenname",
          "crm.id": "context:crm-id",
          plan: "context:subscriptionPlan",
          other: "context:other_2",
        },
        include: ["crm", "plan"],
        exclude: ["secretNote"],
      },
    );
    expect(result.user.screenname).to.equal("Countess");
    // A valid requested key is kept as given; an invalid one is normalised by the key rule.
    expect(result.user.context_data).to.deep.equal({
      "crm-id": "C-1",
      "crm-tier": "gold",
      subscriptionPlan: "pro",
      "other-two": "y",
    });
    expect(result.dropped).to.deep.include({ key: "secretNote", reason: "excluded by the node's settings" });
    expect(result.dropped).to.deep.include({ key: "spare", reason: "not in the include list" });
  });

  it("sends only id and an anonymous screenname when the user asked for no data collection", () => {
    const profile = { firstname: "Ada", email: "ada@example.com", prevent_data_collection: true };
    const result = map(profile);
    expect(result.user).to.deep.equal({
      id: "user-4f2a9c",
      screenname: "Customer 4f2a9c",
      created_at: NOW,
      updated_at: NOW,
    });
    expect(result.privacyMode).to.equal(true);
    expect(map(profile, { ignorePreventDataCollection: true }).user.email).to.equal("ada@example.com");
  });

  it("refuses values that do not fit a field instead of sending them", () => {
    const result = map({ email: "not-an-email", profilepic: "javascript:alert(1)" });
    expect(result.user.email).to.equal(undefined);
    expect(result.user.avatar_url).to.equal(undefined);
    expect(result.user.context_data).to.deep.equal({
      email: "not-an-email",
      profilepic: "javascript:alert(1)",
    });
  });

  it("never throws on hostile input", () => {
    const hostile = {
      get boom(): string {
        throw new Error("getter");
      },
      constructor: "x",
      toString: 5,
    };
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const profile of [hostile, cyclic, null, 42, "text", [1, 2], Object.create(null)]) {
      const result = map(profile);
      expect(validateSdkUser(result.user).ok, JSON.stringify(result.user)).to.equal(true);
    }
  });

  it("keeps context_data within the size limits", () => {
    const big: Record<string, string> = {};
    for (let i = 0; i < 300; i++) big[`key${String.fromCharCode(97 + (i % 26))}${i}`] = "v".repeat(200);
    const result = map(big);
    expect(Object.keys(result.user.context_data ?? {}).length).to.be.at.most(100);
    expect(Buffer.byteLength(JSON.stringify(result.user.context_data))).to.be.at.most(16_000);
    expect(result.dropped.some((d) => d.reason.startsWith("context_data limit reached"))).to.equal(true);
  });
});
