import { createExtension } from "@cognigy/extension-tools";
import { engageConnection } from "./connections/engageConnection";
import { syncProfileChildren, syncProfileNode } from "./nodes/syncProfile/descriptor";

export default createExtension({
  nodes: [syncProfileNode, ...syncProfileChildren],
  connections: [engageConnection],
  options: { label: "RingCentral Engage" },
});
