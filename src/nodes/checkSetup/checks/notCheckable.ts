/** What RCE's API cannot show, listed on every run so nobody takes silence for a pass. */
import { cannotCheck, type SetupCheck } from "../report";

export function notCheckable(): SetupCheck[] {
  return [
    cannotCheck(
      { id: "sourceBaseUri", title: "Source Base URI", steps: [3] },
      "RCE's source object does not include the Base URI. In Admin > Sources check that it is <gateway-url>/handover/rce and that saving the source succeeds (RCE then asks the gateway for implementation.info).",
      true,
    ),
    cannotCheck(
      { id: "tokenAgentPermissions", title: "Read of the API Access Token's own agent", steps: [4] },
      "RCE documents no way to learn which agent a token belongs to, so its permissions cannot be read; without 'read' on the source the source line above fails (RCE answers 404). In RCE Agents check the key icon of the token's agent.",
      true,
    ),
    cannotCheck(
      { id: "webhookSourceFilter", title: "Webhook source filter", steps: [5] },
      "Sources filtering is not part of RCE's webhook API (UNCONFIRMED). In Admin > Webhooks check 'No sources except' with the SDK source.",
      true,
    ),
    cannotCheck(
      { id: "webhookSecrets", title: "Webhook Secret and Verification Token", steps: [5] },
      "RCE never returns a webhook's Secret, and the Verification Token is checked by the gateway, not by this connection. The gateway refuses a webhook whose X-Dimelo-Secret differs from Webhook Secret.",
      true,
    ),
    cannotCheck(
      { id: "controlledBotIdentity", title: "Controlled Bot identity", steps: [7] },
      "RCE's identity API does not show whether an identity is Controlled (for the Agent identity, agents assigned to it show it). In RCE Identities tick Controlled identity on the Bot identity.",
      true,
    ),
    cannotCheck(
      { id: "agentFolder", title: "Agent folder", steps: [8] },
      "Folders are desk settings outside the RCE API this extension uses. In Desks > Folders check a folder filtering the Agent category for the agents.",
      true,
    ),
  ];
}
