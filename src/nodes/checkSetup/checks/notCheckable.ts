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
      { id: "answeringAgentsPermissions", title: "Read and reply of every answering agent", steps: [4] },
      "RCE shows source permissions only for the API Access Token's own agent; GET /status would show them only for agents connected right now. Check the key icon of each agent in RCE Agents.",
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
      { id: "controlledIdentities", title: "Controlled Bot and Agent identities", steps: [7] },
      "RCE's identity API does not show whether an identity is controlled. In RCE Identities mark the Bot identity and the Agent identity Controlled and assign the Agent identity to the agents.",
      true,
    ),
    cannotCheck(
      { id: "agentFolder", title: "Agent folder", steps: [8] },
      "Folders are desk settings outside the RCE API this extension uses. In Desks > Folders check a folder filtering the Agent category for the agents.",
      true,
    ),
  ];
}
