import { createExtension } from "@cognigy/extension-tools";
import { engageConnection } from "./connections/engageConnection";
import { checkSetupNode } from "./nodes/checkSetup/descriptor";
import { endHandoverNode } from "./nodes/endHandover/descriptor";
import { handoverNode } from "./nodes/handover/descriptor";
import { lookupQueueStatusNode } from "./nodes/lookupQueueStatus/descriptor";
import { routeNode } from "./nodes/route/descriptor";
import { sendMessageNode } from "./nodes/sendMessage/descriptor";
import { syncProfileNode } from "./nodes/syncProfile/descriptor";

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
