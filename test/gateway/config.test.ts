import { expect } from "chai";
import { EngageError } from "../../src/engage/errors";
import { loadGatewayConfig, parseGatewayConfig } from "../../src/gateway/config";
import { SECRETS, validConnection } from "../support/fixtures";

describe("gateway/config", () => {
  it("takes the seven settings plus its own, with defaults", () => {
    const config = parseGatewayConfig({
      ...validConnection(),
      verifyToken: "v-token",
      cognigyEndpointUrl: "https://endpoint.example.com/",
    });
    expect(config).to.include({
      verifyToken: "v-token",
      cognigyEndpointUrl: "https://endpoint.example.com",
      host: "0.0.0.0",
      port: 8080,
      path: "/handover/rce",
    });
    expect(config.settings.sourceId).to.equal("5a1c7e3f9b2d4c6e8f0a1b2c");
  });

  it("refuses to start without a Verification Token (no default) and names what is missing", () => {
    try {
      parseGatewayConfig({ ...validConnection(), cognigyEndpointUrl: "https://endpoint.example.com" });
      expect.fail("expected an error");
    } catch (error) {
      expect(error).to.be.instanceOf(EngageError);
      expect((error as EngageError).message).to.contain("verifyToken is missing");
      expect((error as EngageError).message).to.contain("no default on purpose");
    }
  });

  it("reads the environment, and a bad connection value never echoes a secret", () => {
    const env = {
      RCE_API_ACCESS_TOKEN: SECRETS.apiAccessToken,
      RCE_BOT_CATEGORY_ID: "bot1",
      RCE_AGENT_CATEGORY_ID: "agent1",
      RCE_REALTIME_ACCESS_TOKEN: SECRETS.realtimeAccessToken,
      RCE_REALTIME_ENDPOINT_URL: "https://acme.engagement.dimelo.com/realtime/sdk/abc123",
      RCE_WEBHOOK_SECRET: SECRETS.webhookSecret,
      RCE_BASE_API_URL: "acme.api.engagement.dimelo.com",
      GATEWAY_VERIFY_TOKEN: "v-token",
      COGNIGY_ENDPOINT_URL: "https://endpoint.example.com",
      GATEWAY_PORT: "9090",
    };
    expect(loadGatewayConfig([], env).port).to.equal(9090);
    try {
      loadGatewayConfig([], { ...env, RCE_BASE_API_URL: "acme.engagement.dimelo.com" });
      expect.fail("expected an error");
    } catch (error) {
      const message = (error as Error).message;
      expect(message).to.contain("Base API URL must contain 'api.'");
      for (const secret of Object.values(SECRETS)) expect(message).to.not.contain(secret);
    }
  });
});
