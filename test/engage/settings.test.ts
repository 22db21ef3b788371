import { expect } from "chai";
import { EngageError } from "../../src/engage/errors";
import { parseSettings, publicSettings, weakSecretWarning } from "../../src/engage/settings";
import {
  AGENT_CATEGORY,
  BOT_CATEGORY,
  SECRETS,
  SOURCE_ID,
  secretsIn,
  validConnection,
} from "../support/fixtures";

function configError(overrides: Record<string, unknown>): EngageError {
  try {
    parseSettings(validConnection(overrides));
  } catch (error) {
    expect(error).to.be.instanceOf(EngageError);
    expect((error as EngageError).kind).to.equal("config");
    return error as EngageError;
  }
  throw new Error("expected a config error");
}

describe("engage/settings: the seven connection settings", () => {
  it("normalises a valid connection once", () => {
    const settings = parseSettings(validConnection());
    expect(settings).to.deep.equal({
      ...SECRETS,
      botCategoryId: BOT_CATEGORY,
      agentCategoryId: AGENT_CATEGORY,
      baseApiUrl: "https://acme.api.engagement.dimelo.com/1.0",
      realtimeEndpointUrl: `https://acme.engagement.dimelo.com/realtime/sdk/${SOURCE_ID}`,
      sourceId: SOURCE_ID,
    });
  });

  for (const pasted of [
    "acme.api.engagement.dimelo.com",
    "https://acme.api.engagement.dimelo.com",
    "https://acme.api.engagement.dimelo.com/",
    "https://acme.api.engagement.dimelo.com/1.0",
    "https://ACME.api.engagement.dimelo.com/1.0/",
    "  acme.api.engagement.dimelo.com/1.0  ",
  ]) {
    it(`accepts Base API URL pasted as '${pasted.trim()}'`, () => {
      expect(parseSettings(validConnection({ baseApiUrl: pasted })).baseApiUrl).to.equal(
        "https://acme.api.engagement.dimelo.com/1.0",
      );
    });
  }

  it("accepts the digital.ringcentral.com family", () => {
    const settings = parseSettings(
      validConnection({
        baseApiUrl: "acme.api.digital.ringcentral.com",
        realtimeEndpointUrl: `https://acme.digital.ringcentral.com/realtime/sdk/${SOURCE_ID}`,
      }),
    );
    expect(settings.baseApiUrl).to.equal("https://acme.api.digital.ringcentral.com/1.0");
    expect(settings.realtimeEndpointUrl).to.equal(
      `https://acme.digital.ringcentral.com/realtime/sdk/${SOURCE_ID}`,
    );
  });

  it("tells how to build the Base API URL when 'api.' is missing", () => {
    const error = configError({ baseApiUrl: "https://acme.engagement.dimelo.com" });
    expect(error.message).to.contain("Base API URL must contain 'api.'");
    expect(error.message).to.contain("acme.api.engagement.dimelo.com");
    expect(error.details.fields).to.deep.equal(["Base API URL"]);
  });

  it("recognises the Realtime Endpoint URL pasted into Base API URL", () => {
    const error = configError({ baseApiUrl: `https://acme.engagement.dimelo.com/realtime/sdk/${SOURCE_ID}` });
    expect(error.message).to.contain("looks like the Realtime Endpoint URL");
  });

  it("refuses a Base API URL with another path", () => {
    expect(
      configError({ baseApiUrl: "acme.api.engagement.dimelo.com/1.0/content_threads" }).message,
    ).to.contain("just the host");
  });

  it("refuses plain http except on localhost", () => {
    expect(configError({ baseApiUrl: "http://acme.api.engagement.dimelo.com" }).message).to.contain(
      "https://",
    );
    const local = parseSettings(
      validConnection({
        baseApiUrl: "http://127.0.0.1:8080",
        realtimeEndpointUrl: `http://127.0.0.1:8080/realtime/sdk/${SOURCE_ID}`,
      }),
    );
    expect(local.baseApiUrl).to.equal("http://127.0.0.1:8080/1.0");
  });

  it("derives the source id from the Realtime Endpoint URL and checks its form", () => {
    expect(
      parseSettings(
        validConnection({ realtimeEndpointUrl: `acme.engagement.dimelo.com/realtime/sdk/${SOURCE_ID}/` }),
      ).sourceId,
    ).to.equal(SOURCE_ID);
    expect(
      configError({ realtimeEndpointUrl: "https://acme.engagement.dimelo.com/realtime" }).message,
    ).to.contain("/realtime/sdk/<source id>");
    expect(
      configError({ realtimeEndpointUrl: `https://acme.api.engagement.dimelo.com/realtime/sdk/${SOURCE_ID}` })
        .message,
    ).to.contain("has no 'api.'");
  });

  it("notices settings copied from two different RCE accounts", () => {
    const error = configError({
      realtimeEndpointUrl: `https://other.engagement.dimelo.com/realtime/sdk/${SOURCE_ID}`,
    });
    expect(error.message).to.contain("different RCE accounts");
  });

  it("names empty fields the way the form shows them", () => {
    expect(configError({ agentCategoryId: "" }).message).to.equal(
      "RingCentral Engage connection: Agent Category ID is empty.",
    );
    expect(configError({ agentCategoryId: "   " }).details.fields).to.deep.equal(["Agent Category ID"]);
    expect(configError({ botCategoryId: undefined }).message).to.contain("Bot Category ID is empty");
    expect(configError({ webhookSecret: null }).message).to.contain("Webhook Secret is empty");
  });

  it("lists every problem at once: an empty field does not hide another's wrong form", () => {
    const error = configError({ apiAccessToken: "", baseApiUrl: "", botCategoryId: 42 });
    expect(error.details.fields).to.have.members(["API Access Token", "Base API URL"]);
    expect(error.message).to.contain("2 problems");
    const five = configError({
      apiAccessToken: "",
      botCategoryId: "Bot category",
      realtimeAccessToken: "has a space inside it",
      realtimeEndpointUrl: "https://acme.engagement.dimelo.com/realtime",
      baseApiUrl: "acme.engagement.dimelo.com",
    });
    expect(five.message).to.contain("5 problems");
    expect(five.details.fields).to.have.members([
      "API Access Token",
      "Bot Category ID",
      "Realtime Access Token",
      "Realtime Endpoint URL",
      "Base API URL",
    ]);
  });

  it("refuses a placeholder left from an example in any field, without quoting it", () => {
    const error = configError({
      webhookSecret: "<the webhook's Secret (step 5)>",
      botCategoryId: "<Bot category id>",
    });
    expect(error.message)
      .to.contain("Webhook Secret is still a placeholder")
      .and.contain("Bot Category ID is still a placeholder")
      .and.not.contain("step 5)>");
  });

  it("takes the category id out of a pasted admin URL", () => {
    const settings = parseSettings(
      validConnection({
        botCategoryId: `https://acme.engagement.dimelo.com/admin/categories/${BOT_CATEGORY}/edit`,
      }),
    );
    expect(settings.botCategoryId).to.equal(BOT_CATEGORY);
  });

  it("refuses identical Bot and Agent categories and identical tokens", () => {
    expect(configError({ agentCategoryId: BOT_CATEGORY }).message).to.contain("are the same");
    expect(configError({ realtimeAccessToken: SECRETS.apiAccessToken }).message).to.contain(
      "Realtime Access Token equals the API Access Token",
    );
  });

  it("strips a 'Bearer ' prefix and padding from tokens", () => {
    const settings = parseSettings(
      validConnection({ apiAccessToken: `  Bearer ${SECRETS.apiAccessToken}\n` }),
    );
    expect(settings.apiAccessToken).to.equal(SECRETS.apiAccessToken);
  });

  it("rejects implausible tokens and category ids with the field's fix", () => {
    expect(configError({ apiAccessToken: "abc" }).message).to.contain(
      "API Access Token must be the whole token",
    );
    expect(configError({ realtimeAccessToken: "has a space inside it" }).message).to.contain(
      "Realtime Access Token must be",
    );
    expect(configError({ webhookSecret: "naïve-secret-é" }).message).to.contain("Webhook Secret must be");
    expect(configError({ webhookSecret: "x".repeat(256) }).message).to.contain("Webhook Secret");
    expect(configError({ agentCategoryId: "Agent category" }).message).to.contain(
      "Agent Category ID must be the id",
    );
  });

  it("accepts any ASCII Webhook Secret RCE accepts, and warns (without quoting it) when it is weak", () => {
    for (const webhookSecret of ["s", "short", "x".repeat(255), "with inner spaces ok"]) {
      const settings = parseSettings(validConnection({ webhookSecret }));
      expect(settings.webhookSecret).to.equal(webhookSecret);
    }
    const weak = weakSecretWarning(parseSettings(validConnection({ webhookSecret: "short" })));
    expect(weak).to.contain("5 character(s)").and.not.contain("short");
    for (const known of ["cognigy123", "x".repeat(16), "changeme-changeme"])
      expect(weakSecretWarning({ webhookSecret: known }), known).to.contain("known default");
    expect(weakSecretWarning({ webhookSecret: "3f9c2a71d8e4b605" })).to.equal(undefined);
  });

  it("never echoes a secret, whatever is wrong", () => {
    const cases: Record<string, unknown>[] = [
      { apiAccessToken: `${SECRETS.apiAccessToken} x` },
      { realtimeAccessToken: SECRETS.apiAccessToken },
      { webhookSecret: `${SECRETS.webhookSecret}\u0001` },
      { baseApiUrl: `https://${SECRETS.apiAccessToken}@acme.api.engagement.dimelo.com` },
      { baseApiUrl: SECRETS.webhookSecret },
      { realtimeEndpointUrl: SECRETS.realtimeAccessToken },
      { botCategoryId: SECRETS.realtimeAccessToken, agentCategoryId: SECRETS.realtimeAccessToken },
    ];
    for (const overrides of cases) {
      const error = configError(overrides);
      expect(
        secretsIn(`${error.message} ${JSON.stringify(error)}`),
        JSON.stringify(Object.keys(overrides)),
      ).to.deep.equal([]);
    }
  });

  it("refuses a missing connection", () => {
    expect(() => parseSettings(undefined)).to.throw(EngageError, "No RingCentral Engage connection");
  });

  it("publicSettings leaves the secrets out", () => {
    expect(secretsIn(JSON.stringify(publicSettings(parseSettings(validConnection()))))).to.deep.equal([]);
  });
});
