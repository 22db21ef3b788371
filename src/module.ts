import { createExtension } from "@cognigy/extension-tools";
import { engageConnection } from "./connections/engageConnection";
import { checkSetupChildren, checkSetupNode } from "./nodes/checkSetup/descriptor";
import { endHandoverChildren, endHandoverNode } from "./nodes/endHandover/descriptor";
import { handoverChildren, handoverNode } from "./nodes/handover/descriptor";
import { lookupQueueStatusChildren, lookupQueueStatusNode } from "./nodes/lookupQueueStatus/descriptor";
import { sendMessageChildren, sendMessageNode } from "./nodes/sendMessage/descriptor";
import { syncProfileChildren, syncProfileNode } from "./nodes/syncProfile/descriptor";

export default createExtension({
  nodes: [
    handoverNode,
    ...handoverChildren,
    sendMessageNode,
    ...sendMessageChildren,
    lookupQueueStatusNode,
    ...lookupQueueStatusChildren,
    endHandoverNode,
    ...endHandoverChildren,
    syncProfileNode,
    ...syncProfileChildren,
    checkSetupNode,
    ...checkSetupChildren,
  ],
  connections: [engageConnection],
  options: { label: "RingCentral Engage" },
});
