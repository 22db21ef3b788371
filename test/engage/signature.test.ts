import { expect } from "chai";
import { signBody, verifySourceSdkSignature, verifyWebhookSecret } from "../../src/engage/signature";

// RFC 4231 test case 2 (HMAC-SHA512): key "Jefe", data "what do ya want for nothing?".
const RFC4231_KEY = "Jefe";
const RFC4231_DATA = "what do ya want for nothing?";
const RFC4231_MAC =
  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737";

describe("engage/signature: Source SDK and webhook authenticity", () => {
  it("signs with HMAC-SHA512 as lowercase hex (RFC 4231 vector)", () => {
    expect(signBody(RFC4231_DATA, RFC4231_KEY)).to.equal(RFC4231_MAC);
    expect(signBody(Buffer.from(RFC4231_DATA), RFC4231_KEY)).to.equal(RFC4231_MAC);
  });

  it("verifies the exact raw bytes, header value in any case", () => {
    expect(verifySourceSdkSignature(RFC4231_DATA, RFC4231_MAC, RFC4231_KEY)).to.equal(true);
    expect(
      verifySourceSdkSignature(Buffer.from(RFC4231_DATA), RFC4231_MAC.toUpperCase(), RFC4231_KEY),
    ).to.equal(true);
    expect(verifySourceSdkSignature(RFC4231_DATA, ` ${RFC4231_MAC} `, RFC4231_KEY)).to.equal(true);
  });

  it("rejects a changed body, a re-serialised body, another key, and malformed signatures", () => {
    const raw = '{"action":"messages.create","params":{"body":"caf\\u00e9 \\/ ok"}}';
    const signature = signBody(raw, "token-1");
    expect(verifySourceSdkSignature(raw, signature, "token-1")).to.equal(true);
    expect(verifySourceSdkSignature(JSON.stringify(JSON.parse(raw)), signature, "token-1")).to.equal(false);
    expect(verifySourceSdkSignature(`${raw} `, signature, "token-1")).to.equal(false);
    expect(verifySourceSdkSignature(raw, signature, "token-2")).to.equal(false);
    expect(verifySourceSdkSignature(raw, signature.slice(2), "token-1")).to.equal(false);
    expect(verifySourceSdkSignature(raw, `${signature.slice(0, -1)}g`, "token-1")).to.equal(false);
    expect(verifySourceSdkSignature(raw, undefined, "token-1")).to.equal(false);
    expect(verifySourceSdkSignature(raw, "", "token-1")).to.equal(false);
  });

  it("compares the webhook secret exactly", () => {
    expect(verifyWebhookSecret("s3cret-value", "s3cret-value")).to.equal(true);
    expect(verifyWebhookSecret("s3cret-valuE", "s3cret-value")).to.equal(false);
    expect(verifyWebhookSecret("s3cret-value ", "s3cret-value")).to.equal(false);
    expect(verifyWebhookSecret("", "s3cret-value")).to.equal(false);
    expect(verifyWebhookSecret(undefined, "s3cret-value")).to.equal(false);
    expect(verifyWebhookSecret("anything", "")).to.equal(false);
  });
});
