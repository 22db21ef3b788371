import { expect } from "chai";
import { mapProfileToUser, type ProfileMappingOptions } from "../../src/profile/mapper";
import { validateSdkUser } from "../../src/profile/userSchema";
import { seededRandom } from "../support/seededRandom";

const ODD_KEYS = [
  "firstname",
  "lastname",
  "email",
  "gender",
  "profilepic",
  "phone",
  "mobile",
  "prevent_data_collection",
  "createdAt",
  "first_name",
  "firstName",
  "First Name",
  "zip2",
  "address_line_1",
  "_id",
  "__proto__",
  "constructor",
  "toString",
  "日本語",
  "émoji😀",
  "",
  " ",
  "a.b",
  "x-y_z",
  "UPPER_CASE",
  "HTTPCode",
  "123",
  "ß",
  "ключ",
  "k".repeat(300),
];

function generator(next: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const int = (max: number) => Math.floor(next() * max);
  const text = (): string => {
    const kind = int(6);
    if (kind === 0) return "";
    if (kind === 1) return "x".repeat(int(20_000));
    if (kind === 2) return "ümlaut 日本 😀 \u0000 \u202e";
    if (kind === 3) return `${int(1e6)}@example.com`;
    return next()
      .toString(36)
      .slice(2, 2 + int(12));
  };
  const key = (): string =>
    next() < 0.5 ? pick(ODD_KEYS) : `${pick(ODD_KEYS)}${int(100)}${pick(["", "_", "-", "X", "é"])}`;
  const value = (depth: number): unknown => {
    switch (int(depth > 3 ? 9 : 11)) {
      case 0:
        return text();
      case 1:
        return pick([0, -0, 42, 3.14, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER, -1e21]);
      case 2:
        return next() < 0.5;
      case 3:
        return null;
      case 4:
        return undefined;
      case 5:
        return new Date(next() < 0.9 ? int(4e12) : Number.NaN);
      case 6:
        return pick(["male", "female", "other", "M", ""]);
      case 7:
        return pick(["https://example.com/a.png", "ftp://x", "javascript:1"]);
      case 8:
        return text();
      case 9:
        return Array.from({ length: int(70) }, () => value(depth + 1));
      default: {
        const obj: Record<string, unknown> = {};
        for (let i = int(6); i > 0; i--) obj[key()] = value(depth + 1);
        return obj;
      }
    }
  };
  const profile = (): Record<string, unknown> => {
    const p: Record<string, unknown> = {};
    for (let i = int(40); i > 0; i--) p[key()] = value(1);
    if (next() < 0.1) p.prevent_data_collection = true;
    return p;
  };
  const options = (): ProfileMappingOptions => ({
    userId: pick(["user-1", "a b c", "日本", "x".repeat(400), "9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0"]),
    now: "2026-11-25T10:00:00.000Z",
    mapping:
      next() < 0.3
        ? {
            [key()]: pick([
              "screenname",
              "email",
              "gender",
              "context:crm-id",
              "context:bad_key_2",
              "context:",
            ]),
          }
        : undefined,
    include: next() < 0.2 ? [key(), key()] : undefined,
    exclude: next() < 0.2 ? [key()] : undefined,
    ignorePreventDataCollection: next() < 0.2,
  });
  return { profile, options };
}

describe("profile/mapper property: 10,000 generated profiles", () => {
  it("never throws and always yields a user RCE accepts, deterministically", function () {
    this.timeout(120_000);
    const PROFILES = 10_000;
    const seed = 20261125;
    const gen = generator(seededRandom(seed));
    const started = process.hrtime.bigint();
    let mappingNs = 0n;
    for (let i = 0; i < PROFILES; i++) {
      const profile = gen.profile();
      const options = gen.options();
      const t0 = process.hrtime.bigint();
      const result = mapProfileToUser(profile, options);
      mappingNs += process.hrtime.bigint() - t0;
      const check = validateSdkUser(result.user);
      if (!check.ok) expect.fail(`profile #${i} (seed ${seed}): ${check.problems.join("; ")}`);
      const keys = Object.keys(result.user.context_data ?? {});
      expect(new Set(keys).size, `profile #${i}`).to.equal(keys.length);
      expect(Buffer.byteLength(JSON.stringify(result.user))).to.be.below(62 * 1024);
      if (i % 500 === 0) expect(mapProfileToUser(profile, options)).to.deep.equal(result);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const mappingMs = Number(mappingNs) / 1e6;
    console.log(
      `      ${PROFILES} profiles generated, mapped and validated in ${ms.toFixed(0)} ms; mapping alone ${mappingMs.toFixed(0)} ms (${((mappingMs * 1000) / PROFILES).toFixed(0)} µs per profile)`,
    );
  });
});
