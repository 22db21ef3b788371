import { createExtension } from "@cognigy/extension-tools";
import { engageConnection } from "./connections/engageConnection";
import { checkSetupNode } from "./nodes/checkSetup/node";
import { endHandoverNode } from "./nodes/endHandover/node";
import { handoverNode } from "./nodes/handover/node";
import { lookupQueueStatusNode } from "./nodes/lookupQueueStatus/node";
import { routeNode } from "./nodes/route/node";
import { sendMessageNode } from "./nodes/sendMessage/node";
import { syncProfileNode } from "./nodes/syncProfile/node";

/** In the order of Cognigy's node menu; each node is followed by its branches. */
const NODES = [
  routeNode,
  handoverNode,
  sendMessageNode,
  lookupQueueStatusNode,
  endHandoverNode,
  syncProfileNode,
  checkSetupNode,
];

export default createExtension({
  nodes: NODES.flatMap(({ node, children }) => [node, ...children]),
  connections: [engageConnection],
  options: { label: "RingCentral Engage" },
});
